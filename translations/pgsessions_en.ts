<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ActionExecutor</name>
    <message numerus="yes">
        <source>Waiting for %n session(s) to end</source>
        <translation>
            <numerusform>Waiting for %n session to end</numerusform>
            <numerusform>Waiting for %n sessions to end</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Terminating %n session(s)</source>
        <translation>
            <numerusform>Terminating %n session</numerusform>
            <numerusform>Terminating %n sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) connected while the kill was under way and were ended too.</source>
        <translation>
            <numerusform>%n session connected while the kill was under way and was ended too.</numerusform>
            <numerusform>%n sessions connected while the kill was under way and were ended too.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new session(s) connected during the kill and were ended too. Block new connections to keep clients that reconnect out.</source>
        <translation>
            <numerusform>%n new session connected during the kill and was ended too. Block new connections to keep clients that reconnect out.</numerusform>
            <numerusform>%n new sessions connected during the kill and were ended too. Block new connections to keep clients that reconnect out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pooler client(s) were disconnected; the database stays paused until RESUME.</source>
        <translation>
            <numerusform>%n pooler client was disconnected; the database stays paused until RESUME.</numerusform>
            <numerusform>%n pooler clients were disconnected; the database stays paused until RESUME.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n database(s) were blocked while it ran and accept connections again.</source>
        <translation>
            <numerusform>%n database was blocked while it ran and accepts connections again.</numerusform>
            <numerusform>%n databases were blocked while it ran and accept connections again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActionRequest</name>
    <message numerus="yes">
        <source>Terminate %n session(s) on %1</source>
        <translation>
            <numerusform>Terminate %n session on %1</numerusform>
            <numerusform>Terminate %n sessions on %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel the queries of %n session(s) on %1</source>
        <translation>
            <numerusform>Cancel the queries of %n session on %1</numerusform>
            <numerusform>Cancel the queries of %n sessions on %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rule &quot;%1&quot;: terminate %n session(s) on %2</source>
        <translation>
            <numerusform>Rule &quot;%1&quot;: terminate %n session on %2</numerusform>
            <numerusform>Rule &quot;%1&quot;: terminate %n sessions on %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rule &quot;%1&quot;: cancel the queries of %n session(s) on %2</source>
        <translation>
            <numerusform>Rule &quot;%1&quot;: cancel the query of %n session on %2</numerusform>
            <numerusform>Rule &quot;%1&quot;: cancel the queries of %n sessions on %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BlockingModel</name>
    <message numerus="yes">
        <source> (+%n parallel worker(s))</source>
        <translation>
            <numerusform> (+%n parallel worker)</numerusform>
            <numerusform> (+%n parallel workers)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n session</numerusform>
            <numerusform>%n sessions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message numerus="yes">
        <source>Terminate %n session(s) on %1?</source>
        <translation>
            <numerusform>Terminate %n session on %1?</numerusform>
            <numerusform>Terminate %n sessions on %1?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel the running queries of %n session(s) on %1?</source>
        <translation>
            <numerusform>Cancel the running queries of %n session on %1?</numerusform>
            <numerusform>Cancel the running queries of %n sessions on %1?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kill all connections of database &lt;b&gt;%1&lt;/b&gt; on %2? It has %n session(s) now; the list is read again on the server when the action runs.</source>
        <translation>
            <numerusform>Kill all connections of database &lt;b&gt;%1&lt;/b&gt; on %2? It has %n session now; the list is read again on the server when the action runs.</numerusform>
            <numerusform>Kill all connections of database &lt;b&gt;%1&lt;/b&gt; on %2? It has %n sessions now; the list is read again on the server when the action runs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) will likely be refused by the server for this role (%1); the server decides.</source>
        <translation>
            <numerusform>%n session will likely be refused by the server for this role (%1); the server decides.</numerusform>
            <numerusform>%n sessions will likely be refused by the server for this role (%1); the server decides.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) are in a transaction, which will be rolled back.</source>
        <translation>
            <numerusform>%n session is in a transaction, which will be rolled back.</numerusform>
            <numerusform>%n sessions are in a transaction, which will be rolled back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) are background or replication processes.</source>
        <translation>
            <numerusform>%n session is a background or replication process.</numerusform>
            <numerusform>%n sessions are background or replication processes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Terminate %n session(s)</source>
        <translation>
            <numerusform>&amp;Terminate %n session</numerusform>
            <numerusform>&amp;Terminate %n sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them belong to other roles, whose details the server hides from role %1; they are ended too.</source>
        <translation>
            <numerusform>%n of them belongs to another role, whose details the server hides from role %1; it is ended too.</numerusform>
            <numerusform>%n of them belong to other roles, whose details the server hides from role %1; they are ended too.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PID %1 blocks %n session(s); cancelling its query does not release locks its transaction holds.</source>
        <translation>
            <numerusform>PID %1 blocks %n session; cancelling its query does not release locks its transaction holds.</numerusform>
            <numerusform>PID %1 blocks %n sessions; cancelling its query does not release locks its transaction holds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ending PID %1 unblocks %n session(s) waiting behind it; its transaction rolls back.</source>
        <translation>
            <numerusform>Ending PID %1 unblocks %n session waiting behind it; its transaction rolls back.</numerusform>
            <numerusform>Ending PID %1 unblocks %n sessions waiting behind it; its transaction rolls back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also at the &amp;pooler %1: refuse and drop its %n client(s) of %2 first (DISABLE, KILL), let them in again afterwards (RESUME, ENABLE)</source>
        <translation>
            <numerusform>Also at the &amp;pooler %1: refuse and drop its %n client of %2 first (DISABLE, KILL), let them in again afterwards (RESUME, ENABLE)</numerusform>
            <numerusform>Also at the &amp;pooler %1: refuse and drop its %n clients of %2 first (DISABLE, KILL), let them in again afterwards (RESUME, ENABLE)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kill all connections on server &lt;b&gt;%1&lt;/b&gt;? It has %n client session(s) now in %2 database(s), besides pgsessions&apos; own; the list is read again on the server when the action runs.</source>
        <translation>
            <numerusform>Kill all connections on server &lt;b&gt;%1&lt;/b&gt;? It has %n client session now in %2 database(s), besides pgsessions&apos; own; the list is read again on the server when the action runs.</numerusform>
            <numerusform>Kill all connections on server &lt;b&gt;%1&lt;/b&gt;? It has %n client sessions now in %2 database(s), besides pgsessions&apos; own; the list is read again on the server when the action runs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reset database &lt;b&gt;%1&lt;/b&gt; on %2? Its %n session(s) are ended with new connections blocked, it is dropped, then created again from the template chosen below, with the same owner. Everything in it now is lost.</source>
        <translation>
            <numerusform>Reset database &lt;b&gt;%1&lt;/b&gt; on %2? Its %n session is ended with new connections blocked, it is dropped, then created again from the template chosen below, with the same owner. Everything in it now is lost.</numerusform>
            <numerusform>Reset database &lt;b&gt;%1&lt;/b&gt; on %2? Its %n sessions are ended with new connections blocked, it is dropped, then created again from the template chosen below, with the same owner. Everything in it now is lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message numerus="yes">
        <source>Exported %n session row(s) to %1</source>
        <translation>
            <numerusform>Exported %n session row to %1</numerusform>
            <numerusform>Exported %n session rows to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryStore</name>
    <message numerus="yes">
        <source>History fell behind: %n poll(s) were not kept.</source>
        <translation>
            <numerusform>History fell behind: %n poll was not kept.</numerusform>
            <numerusform>History fell behind: %n polls were not kept.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportServersDialog</name>
    <message numerus="yes">
        <source>&amp;Import %n server(s)</source>
        <translation>
            <numerusform>&amp;Import %n server</numerusform>
            <numerusform>&amp;Import %n servers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PatroniWatcher</name>
    <message numerus="yes">
        <source> (and %n other member(s) did not answer either)</source>
        <translation>
            <numerusform> (and %n other member did not answer either)</numerusform>
            <numerusform> (and %n other members did not answer either)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoolerCommands</name>
    <message numerus="yes">
        <source>%n pooler client(s) of &quot;%1&quot; were disconnected at %2.</source>
        <translation>
            <numerusform>%n pooler client of &quot;%1&quot; was disconnected at %2.</numerusform>
            <numerusform>%n pooler clients of &quot;%1&quot; were disconnected at %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoolerConfirmDialog</name>
    <message numerus="yes">
        <source>Kill all connections of pooler database %1 on %2? DISABLE refuses new clients, KILL drops its %n client(s) and their server connections at once, then RESUME and ENABLE let clients in again.</source>
        <translation>
            <numerusform>Kill all connections of pooler database %1 on %2? DISABLE refuses new clients, KILL drops its %n client and its server connection at once, then RESUME and ENABLE let clients in again.</numerusform>
            <numerusform>Kill all connections of pooler database %1 on %2? DISABLE refuses new clients, KILL drops its %n clients and their server connections at once, then RESUME and ENABLE let clients in again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disable pooler database %1 on %2? New clients are refused; the %n client(s) connected now carry on.</source>
        <translation>
            <numerusform>Disable pooler database %1 on %2? New clients are refused; the %n client connected now carries on.</numerusform>
            <numerusform>Disable pooler database %1 on %2? New clients are refused; the %n clients connected now carry on.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kill pooler database %1 on %2? Its %n client(s) and their server connections are dropped at once, and the database stays paused until RESUME.</source>
        <translation>
            <numerusform>Kill pooler database %1 on %2? Its %n client and its server connection are dropped at once, and the database stays paused until RESUME.</numerusform>
            <numerusform>Kill pooler database %1 on %2? Its %n clients and their server connections are dropped at once, and the database stays paused until RESUME.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoolerPanel</name>
    <message numerus="yes">
        <source>%n pooler client(s) of %1</source>
        <translation>
            <numerusform>%n pooler client of %1</numerusform>
            <numerusform>%n pooler clients of %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pooler client(s) of %1 on %2</source>
        <translation>
            <numerusform>%n pooler client of %1 on %2</numerusform>
            <numerusform>%n pooler clients of %1 on %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server connection(s) of %1</source>
        <translation>
            <numerusform>%n server connection of %1</numerusform>
            <numerusform>%n server connections of %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server connection(s) of %1 on %2</source>
        <translation>
            <numerusform>%n server connection of %1 on %2</numerusform>
            <numerusform>%n server connections of %1 on %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuleActions</name>
    <message numerus="yes">
        <source>%n session(s) selected; %1 more match but are not shown (another database or a filter).</source>
        <translation>
            <numerusform>%n session selected; %1 more match but are not shown (another database or a filter).</numerusform>
            <numerusform>%n sessions selected; %1 more match but are not shown (another database or a filter).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) selected.</source>
        <translation>
            <numerusform>%n session selected.</numerusform>
            <numerusform>%n sessions selected.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message numerus="yes">
        <source>%n session(s) match now.</source>
        <translation>
            <numerusform>%n session matches now.</numerusform>
            <numerusform>%n sessions match now.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerListDialog</name>
    <message numerus="yes">
        <source>&amp;Group of the %n selected server(s) (empty: none):</source>
        <translation>
            <numerusform>&amp;Group of the %n selected server (empty: none):</numerusform>
            <numerusform>&amp;Group of the %n selected servers (empty: none):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerTreeModel</name>
    <message numerus="yes">
        <source> — %n blocked</source>
        <translation>
            <numerusform> — %n blocked</numerusform>
            <numerusform> — %n blocked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — watchdog &quot;%1&quot; armed (%n ended)</source>
        <translation>
            <numerusform> — watchdog &quot;%1&quot; armed (%n ended)</numerusform>
            <numerusform> — watchdog &quot;%1&quot; armed (%n ended)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n session(s)</source>
        <translation>
            <numerusform> · %n session</numerusform>
            <numerusform> · %n sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %n unreachable</source>
        <translation>
            <numerusform> — %n unreachable</numerusform>
            <numerusform> — %n unreachable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %n waiting for a password</source>
        <translation>
            <numerusform> — %n waiting for a password</numerusform>
            <numerusform> — %n waiting for a password</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %n paused</source>
        <translation>
            <numerusform> — %n paused</numerusform>
            <numerusform> — %n paused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n server</numerusform>
            <numerusform>%n servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Patroni, %n member(s)</source>
        <translation>
            <numerusform>Patroni, %n member</numerusform>
            <numerusform>Patroni, %n members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %n member(s) listed without an address, not watched: %1</source>
        <translation>
            <numerusform> — %n member listed without an address, not watched: %1</numerusform>
            <numerusform> — %n members listed without an address, not watched: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %n Patroni cluster(s) not answering</source>
        <translation>
            <numerusform> — %n Patroni cluster not answering</numerusform>
            <numerusform> — %n Patroni clusters not answering</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServersConfirmDialog</name>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n session</numerusform>
            <numerusform>%n sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n server</numerusform>
            <numerusform>%n servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Terminate %n session(s)</source>
        <translation>
            <numerusform>&amp;Terminate %n session</numerusform>
            <numerusform>&amp;Terminate %n sessions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionActions</name>
    <message numerus="yes">
        <source>%n row(s) written to %1</source>
        <translation>
            <numerusform>%n row written to %1</numerusform>
            <numerusform>%n rows written to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) copied</source>
        <translation>
            <numerusform>%n row copied</numerusform>
            <numerusform>%n rows copied</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionsPanel</name>
    <message numerus="yes">
        <source>A server&apos;s blocking tree stops at %1 rows: %Ln waiting session(s) not shown in it.</source>
        <translation>
            <numerusform>A server&apos;s blocking tree stops at %1 rows: %Ln waiting session not shown in it.</numerusform>
            <numerusform>A server&apos;s blocking tree stops at %1 rows: %Ln waiting sessions not shown in it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A server&apos;s blocking tree stops at %1 rows: under %Ln session(s) in it, not every session held up is shown.</source>
        <translation>
            <numerusform>A server&apos;s blocking tree stops at %1 rows: under %Ln session in it, not every session held up is shown.</numerusform>
            <numerusform>A server&apos;s blocking tree stops at %1 rows: under %Ln sessions in it, not every session held up is shown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StaleBanner</name>
    <message numerus="yes">
        <source> Next attempt in %n s.</source>
        <translation>
            <numerusform> Next attempt in %n s.</numerusform>
            <numerusform> Next attempt in %n s.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message numerus="yes">
        <source>%1 (retrying in %n s)</source>
        <translation>
            <numerusform>%1 (retrying in %n s)</numerusform>
            <numerusform>%1 (retrying in %n s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) shown</source>
        <translation>
            <numerusform>%n session shown</numerusform>
            <numerusform>%n sessions shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) blocked, oldest wait %1</source>
        <translation>
            <numerusform>%n session blocked, oldest wait %1</numerusform>
            <numerusform>%n sessions blocked, oldest wait %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Watchdog</name>
    <message numerus="yes">
        <source>it would end %n session(s) now, past its limit of %1 a minute (%2 in the last minute); nothing more was ended.</source>
        <translation>
            <numerusform>it would end %n session now, past its limit of %1 a minute (%2 in the last minute); nothing more was ended.</numerusform>
            <numerusform>it would end %n sessions now, past its limit of %1 a minute (%2 in the last minute); nothing more was ended.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WatchdogDialog</name>
    <message numerus="yes">
        <source>Armed now, it would cancel the queries of %n session(s) at once.</source>
        <translation>
            <numerusform>Armed now, it would cancel the query of %n session at once.</numerusform>
            <numerusform>Armed now, it would cancel the queries of %n sessions at once.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Armed now, it would terminate %n session(s) at once.</source>
        <translation>
            <numerusform>Armed now, it would terminate %n session at once.</numerusform>
            <numerusform>Armed now, it would terminate %n sessions at once.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>activity_query</name>
    <message numerus="yes">
        <source>The server listed %n session(s) as unchanged since the last poll, but not all of them are the backends that poll saw.</source>
        <translation>
            <numerusform>The server listed %n session as unchanged since the last poll, but it is not the backend that poll saw.</numerusform>
            <numerusform>The server listed %n sessions as unchanged since the last poll, but not all of them are the backends that poll saw.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pg</name>
    <message numerus="yes">
        <source>No answer from the server within %n second(s) (connect_timeout).</source>
        <translation>
            <numerusform>No answer from the server within %n second (connect_timeout).</numerusform>
            <numerusform>No answer from the server within %n seconds (connect_timeout).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No answer from the server for %n second(s).</source>
        <translation>
            <numerusform>No answer from the server for %n second.</numerusform>
            <numerusform>No answer from the server for %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
