<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ActionExecutor</name>
    <message>
        <source>The server sent no result.</source>
        <translation>Der Server hat kein Ergebnis gesendet.</translation>
    </message>
    <message>
        <source>The session was %1: no query was running, and its transaction stays open.</source>
        <translation>Die Sitzung war %1: Es lief keine Abfrage, und ihre Transaktion bleibt offen.</translation>
    </message>
    <message>
        <source>The session was %1: no query was running.</source>
        <translation>Die Sitzung war %1: Es lief keine Abfrage.</translation>
    </message>
    <message>
        <source>Could not check whether the sessions ended: %1</source>
        <translation>Konnte nicht prüfen, ob die Sitzungen beendet sind: %1</translation>
    </message>
    <message numerus="yes">
        <source>Waiting for %n session(s) to end</source>
        <translation>
            <numerusform>Warte auf das Ende von %n Sitzung</numerusform>
            <numerusform>Warte auf das Ende von %n Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Signalled, but still there after %1 ms.</source>
        <translation>Signalisiert, aber nach %1 ms noch vorhanden.</translation>
    </message>
    <message>
        <source>There is no database &quot;%1&quot;.</source>
        <translation>Es gibt keine Datenbank „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>Terminating %n session(s)</source>
        <translation>
            <numerusform>Beende %n Sitzung</numerusform>
            <numerusform>Beende %n Sitzungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) connected while the kill was under way and were ended too.</source>
        <translation>
            <numerusform>%n Sitzung hat sich während des Beendens verbunden und wurde ebenfalls beendet.</numerusform>
            <numerusform>%n Sitzungen haben sich während des Beendens verbunden und wurden ebenfalls beendet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new session(s) connected during the kill and were ended too. Block new connections to keep clients that reconnect out.</source>
        <translation>
            <numerusform>%n neue Sitzung hat sich während des Beendens verbunden und wurde ebenfalls beendet. Sperren Sie neue Verbindungen, um Clients fernzuhalten, die sich sofort neu verbinden.</numerusform>
            <numerusform>%n neue Sitzungen haben sich während des Beendens verbunden und wurden ebenfalls beendet. Sperren Sie neue Verbindungen, um Clients fernzuhalten, die sich sofort neu verbinden.</numerusform>
        </translation>
    </message>
    <message>
        <source>DROP DATABASE … WITH (FORCE) needs PostgreSQL 13 or later; this server is older, so it was dropped without FORCE, which fails if a session is still connected.</source>
        <translation>DROP DATABASE … WITH (FORCE) erfordert PostgreSQL 13 oder neuer; dieser Server ist älter, daher wurde ohne FORCE gelöscht, was fehlschlägt, solange noch eine Sitzung verbunden ist.</translation>
    </message>
    <message>
        <source>Could not allow connections again: %1. The database still refuses new connections.</source>
        <translation>Verbindungen konnten nicht wieder erlaubt werden: %1. Die Datenbank weist neue Verbindungen weiterhin ab.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; does not accept new connections.</source>
        <translation>„%1“ nimmt keine neuen Verbindungen an.</translation>
    </message>
    <message>
        <source>Could not block new connections</source>
        <translation>Neue Verbindungen konnten nicht gesperrt werden</translation>
    </message>
    <message>
        <source>Could not drop the database</source>
        <translation>Die Datenbank konnte nicht gelöscht werden</translation>
    </message>
    <message>
        <source>Could not rename the database</source>
        <translation>Die Datenbank konnte nicht umbenannt werden</translation>
    </message>
    <message>
        <source>Signalled, but still there when pgsessions stopped waiting, after %1 ms.</source>
        <translation>Signalisiert, aber noch da, als pgsessions nach %1 ms aufhörte zu warten.</translation>
    </message>
    <message>
        <source>Could not allow connections</source>
        <translation>Verbindungen konnten nicht wieder erlaubt werden</translation>
    </message>
    <message>
        <source>This server is PgBouncer&apos;s admin console: sessions are ended there with the pooler&apos;s own commands.</source>
        <translation>Dieser Server ist die Admin-Konsole von PgBouncer: Sitzungen werden dort mit den eigenen Befehlen des Poolers beendet.</translation>
    </message>
    <message>
        <source>This server is not PgBouncer&apos;s admin console.</source>
        <translation>Dieser Server ist nicht die Admin-Konsole von PgBouncer.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a pooler command pgsessions runs.</source>
        <translation>„%1“ ist kein Pooler-Befehl, den pgsessions ausführt.</translation>
    </message>
    <message numerus="yes">
        <source>%n pooler client(s) were disconnected; the database stays paused until RESUME.</source>
        <translation>
            <numerusform>%n Pooler-Client wurde getrennt; die Datenbank bleibt bis RESUME pausiert.</numerusform>
            <numerusform>%n Pooler-Clients wurden getrennt; die Datenbank bleibt bis RESUME pausiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>The database stays paused until RESUME.</source>
        <translation>Die Datenbank bleibt bis RESUME pausiert.</translation>
    </message>
    <message>
        <source>%1 is not PgBouncer&apos;s admin console.</source>
        <translation>%1 ist nicht die Admin-Konsole von PgBouncer.</translation>
    </message>
    <message>
        <source>Could not reach the pooler %1; nothing was done</source>
        <translation>Der Pooler %1 war nicht erreichbar; nichts wurde getan</translation>
    </message>
    <message>
        <source>The pooler refused; no session of the server was ended</source>
        <translation>Der Pooler hat abgelehnt; keine Sitzung des Servers wurde beendet</translation>
    </message>
    <message>
        <source>Could not reach the pooler %1 again (%2): run RESUME and ENABLE for %3 there.</source>
        <translation>Der Pooler %1 war nicht wieder erreichbar (%2): führen Sie dort RESUME und ENABLE für %3 aus.</translation>
    </message>
    <message>
        <source>pgsessions&apos; own connection stays.</source>
        <translation>Die eigene Verbindung von pgsessions bleibt.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was dropped, but could not be created again (%2 would do it)</source>
        <translation>„%1“ wurde gelöscht, konnte aber nicht neu angelegt werden (%2 würde es tun)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was not blocked: pgsessions&apos; action connection is in it (its sessions were ended all the same).</source>
        <translation>„%1“ wurde nicht gesperrt: Die Aktionsverbindung von pgsessions ist darin (seine Sitzungen wurden trotzdem beendet).</translation>
    </message>
    <message>
        <source>Could not block new connections to &quot;%1&quot;</source>
        <translation>Neue Verbindungen zu „%1“ konnten nicht gesperrt werden</translation>
    </message>
    <message>
        <source>Could not allow connections again to %1: they still refuse new connections.</source>
        <translation>Verbindungen zu %1 konnten nicht wieder erlaubt werden: Sie lehnen neue Verbindungen weiterhin ab.</translation>
    </message>
    <message numerus="yes">
        <source>%n database(s) were blocked while it ran and accept connections again.</source>
        <translation>
            <numerusform>%n Datenbank war währenddessen gesperrt und nimmt wieder Verbindungen an.</numerusform>
            <numerusform>%n Datenbanken waren währenddessen gesperrt und nehmen wieder Verbindungen an.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not known whether it was signalled: %1</source>
        <translation>Unbekannt, ob das Signal ankam: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was created refusing new connections, as asked: allowing connections gives them back.</source>
        <translation>„%1“ wurde wie verlangt neu angelegt und nimmt keine neuen Verbindungen an: Verbindungen wieder zu erlauben gibt sie zurück.</translation>
    </message>
    <message>
        <source>The journal could not record the pooler&apos;s step; no session of the server was ended</source>
        <translation>Das Journal konnte den Schritt am Pooler nicht festhalten; keine Sitzung des Servers wurde beendet</translation>
    </message>
</context>
<context>
    <name>ActionJournal</name>
    <message>
        <source>The journal %1 cannot be written (%2): %3</source>
        <translation>Das Journal %1 kann nicht geschrieben werden (%2): %3</translation>
    </message>
    <message>
        <source>its folder %1 cannot be made</source>
        <translation>sein Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>open</source>
        <translation>öffnen</translation>
    </message>
    <message>
        <source>write</source>
        <translation>schreiben</translation>
    </message>
    <message>
        <source>fsync</source>
        <translation>fsync</translation>
    </message>
</context>
<context>
    <name>ActionLogModel</name>
    <message>
        <source>running…</source>
        <translation>läuft …</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Server / PID</source>
        <translation>Server / PID</translation>
    </message>
    <message>
        <source>Action / session</source>
        <translation>Aktion / Sitzung</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>cancelled before it started: nothing was done</source>
        <translation>vor dem Start abgebrochen: Es wurde nichts getan</translation>
    </message>
    <message>
        <source>queued: waits for &quot;%1&quot; to end (it can be cancelled until then)</source>
        <translation>wartet: bis „%1“ endet (bis dahin kann es abgebrochen werden)</translation>
    </message>
    <message>
        <source>the action before it</source>
        <translation>die Aktion davor</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
</context>
<context>
    <name>ActionRequest</name>
    <message numerus="yes">
        <source>Terminate %n session(s) on %1</source>
        <translation>
            <numerusform>%n Sitzung auf %1 beenden</numerusform>
            <numerusform>%n Sitzungen auf %1 beenden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel the queries of %n session(s) on %1</source>
        <translation>
            <numerusform>Die Abfrage von %n Sitzung auf %1 abbrechen</numerusform>
            <numerusform>Die Abfragen von %n Sitzungen auf %1 abbrechen</numerusform>
        </translation>
    </message>
    <message>
        <source>Kill all connections of database &quot;%1&quot; on %2</source>
        <translation>Alle Verbindungen der Datenbank „%1“ auf %2 beenden</translation>
    </message>
    <message>
        <source>, blocking new connections</source>
        <translation>, neue Verbindungen gesperrt</translation>
    </message>
    <message>
        <source>, then drop it</source>
        <translation>, danach löschen</translation>
    </message>
    <message>
        <source>, then rename it to &quot;%1&quot;</source>
        <translation>, danach in „%1“ umbenennen</translation>
    </message>
    <message>
        <source>Allow connections to database &quot;%1&quot; on %2</source>
        <translation>Verbindungen zur Datenbank „%1“ auf %2 erlauben</translation>
    </message>
    <message>
        <source>Block new connections to database &quot;%1&quot; on %2</source>
        <translation>Neue Verbindungen zur Datenbank „%1“ auf %2 sperren</translation>
    </message>
    <message>
        <source>Disconnect pooler client %1 on %2</source>
        <translation>Pooler-Client %1 auf %2 trennen</translation>
    </message>
    <message>
        <source>%1 pooler database &quot;%2&quot; on %3</source>
        <translation>%1 für Pooler-Datenbank „%2“ auf %3</translation>
    </message>
    <message>
        <source>Kill all pooler connections of &quot;%1&quot; on %2, and keep it disabled</source>
        <translation>Alle Pooler-Verbindungen von „%1“ auf %2 beenden und deaktiviert lassen</translation>
    </message>
    <message>
        <source>Kill all pooler connections of &quot;%1&quot; on %2</source>
        <translation>Alle Pooler-Verbindungen von „%1“ auf %2 beenden</translation>
    </message>
    <message numerus="yes">
        <source>Rule &quot;%1&quot;: terminate %n session(s) on %2</source>
        <translation>
            <numerusform>Regel „%1“: %n Sitzung auf %2 beenden</numerusform>
            <numerusform>Regel „%1“: %n Sitzungen auf %2 beenden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rule &quot;%1&quot;: cancel the queries of %n session(s) on %2</source>
        <translation>
            <numerusform>Regel „%1“: Abfrage von %n Sitzung auf %2 abbrechen</numerusform>
            <numerusform>Regel „%1“: Abfragen von %n Sitzungen auf %2 abbrechen</numerusform>
        </translation>
    </message>
    <message>
        <source>Kill all connections on server %1</source>
        <translation>Alle Verbindungen auf Server %1 beenden</translation>
    </message>
    <message>
        <source>, blocking new connections to every database</source>
        <translation>, neue Verbindungen zu jeder Datenbank gesperrt</translation>
    </message>
    <message>
        <source>, then drop it and create it again, empty</source>
        <translation>, dann löschen und leer neu anlegen</translation>
    </message>
    <message>
        <source>, then drop it and create it again from &quot;%1&quot;</source>
        <translation>, dann löschen und aus „%1“ neu anlegen</translation>
    </message>
    <message>
        <source>Let the clients of pooler database &quot;%1&quot; on %2 in again</source>
        <translation>Die Clients der Pooler-Datenbank „%1“ auf %2 wieder einlassen</translation>
    </message>
</context>
<context>
    <name>ActionSummary</name>
    <message>
        <source>no session to end</source>
        <translation>keine Sitzung zu beenden</translation>
    </message>
    <message>
        <source> in %1 ms</source>
        <translation> in %1 ms</translation>
    </message>
    <message>
        <source>; &quot;%1&quot; accepts connections</source>
        <translation>; „%1“ nimmt Verbindungen an</translation>
    </message>
    <message>
        <source>; &quot;%1&quot; does NOT accept new connections</source>
        <translation>; „%1“ nimmt KEINE neuen Verbindungen an</translation>
    </message>
    <message>
        <source>; &quot;%1&quot; was dropped</source>
        <translation>; „%1“ wurde gelöscht</translation>
    </message>
    <message>
        <source>; renamed to &quot;%1&quot;</source>
        <translation>; umbenannt in „%1“</translation>
    </message>
    <message>
        <source>; the state of &quot;%1&quot; is unknown</source>
        <translation>; der Zustand von „%1“ ist unbekannt</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>nicht erledigt</translation>
    </message>
    <message>
        <source>stopped before ending any session</source>
        <translation>angehalten, bevor eine Sitzung beendet wurde</translation>
    </message>
    <message>
        <source>; &quot;%1&quot; was dropped and created again</source>
        <translation>; „%1“ wurde gelöscht und neu angelegt</translation>
    </message>
</context>
<context>
    <name>ActionWorker</name>
    <message>
        <source>Could not connect to carry out the action</source>
        <translation>Keine Verbindung, um die Aktion auszuführen</translation>
    </message>
    <message>
        <source>pgsessions&apos; monitor connection could not leave &quot;%1&quot; for another database (postgres, template1); nothing was done.</source>
        <translation>Die Überwachungsverbindung von pgsessions konnte „%1“ nicht für eine andere Datenbank (postgres, template1) verlassen; es wurde nichts getan.</translation>
    </message>
    <message>
        <source>Nothing was done: %1</source>
        <translation>Es wurde nichts getan: %1</translation>
    </message>
    <message>
        <source>This server is not PgBouncer&apos;s admin console (any more).</source>
        <translation>Dieser Server ist nicht (mehr) die Admin-Konsole von PgBouncer.</translation>
    </message>
</context>
<context>
    <name>BlockingModel</name>
    <message numerus="yes">
        <source> (+%n parallel worker(s))</source>
        <translation>
            <numerusform> (+%n paralleler Worker)</numerusform>
            <numerusform> (+%n parallele Worker)</numerusform>
        </translation>
    </message>
    <message>
        <source>cycle: waits for a session above</source>
        <translation>Zyklus: wartet auf eine Sitzung weiter oben</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n Sitzung</numerusform>
            <numerusform>%n Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 directly, %2 in all</source>
        <translation>%1 direkt, %2 insgesamt</translation>
    </message>
    <message>
        <source>also blocked by another session (shown under each)</source>
        <translation>auch von einer anderen Sitzung blockiert (unter jeder gezeigt)</translation>
    </message>
    <message>
        <source>in a cycle: these sessions wait for each other</source>
        <translation>in einem Zyklus: diese Sitzungen warten aufeinander</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Längste Wartezeit</translation>
    </message>
    <message>
        <source>Waits for</source>
        <translation>Wartet auf</translation>
    </message>
    <message>
        <source>Held as</source>
        <translation>Gehalten als</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Transaction age</source>
        <translation>Transaktionsalter</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>server %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
</context>
<context>
    <name>BlockingView</name>
    <message>
        <source>Blocking</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Root blockers, and under each the sessions waiting for it</source>
        <translation>Auslöser der Blockierung, darunter jeweils die Sitzungen, die auf sie warten</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Terminate sessions</source>
        <translation>Sitzungen beenden</translation>
    </message>
    <message numerus="yes">
        <source>Terminate %n session(s) on %1?</source>
        <translation>
            <numerusform>%n Sitzung auf %1 beenden?</numerusform>
            <numerusform>%n Sitzungen auf %1 beenden?</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel queries</source>
        <translation>Abfragen abbrechen</translation>
    </message>
    <message numerus="yes">
        <source>Cancel the running queries of %n session(s) on %1?</source>
        <translation>
            <numerusform>Die laufende Abfrage von %n Sitzung auf %1 abbrechen?</numerusform>
            <numerusform>Die laufenden Abfragen von %n Sitzungen auf %1 abbrechen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Kill all connections</source>
        <translation>Alle Verbindungen beenden</translation>
    </message>
    <message numerus="yes">
        <source>Kill all connections of database &lt;b&gt;%1&lt;/b&gt; on %2? It has %n session(s) now; the list is read again on the server when the action runs.</source>
        <translation>
            <numerusform>Alle Verbindungen der Datenbank &lt;b&gt;%1&lt;/b&gt; auf %2 beenden? Sie hat jetzt %n Sitzung; die Liste wird beim Ausführen auf dem Server neu gelesen.</numerusform>
            <numerusform>Alle Verbindungen der Datenbank &lt;b&gt;%1&lt;/b&gt; auf %2 beenden? Sie hat jetzt %n Sitzungen; die Liste wird beim Ausführen auf dem Server neu gelesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;By user:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;By application:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;By client:&lt;/b&gt; %3</source>
        <translation>&lt;b&gt;Nach Benutzer:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Nach Anwendung:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Nach Client:&lt;/b&gt; %3</translation>
    </message>
    <message>
        <source>Sessions to end</source>
        <translation>Zu beendende Sitzungen</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) will likely be refused by the server for this role (%1); the server decides.</source>
        <translation>
            <numerusform>%n Sitzung wird der Server dieser Rolle (%1) voraussichtlich verweigern; der Server entscheidet.</numerusform>
            <numerusform>%n Sitzungen wird der Server dieser Rolle (%1) voraussichtlich verweigern; der Server entscheidet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) are in a transaction, which will be rolled back.</source>
        <translation>
            <numerusform>%n Sitzung ist in einer Transaktion, die zurückgerollt wird.</numerusform>
            <numerusform>%n Sitzungen sind in einer Transaktion, die zurückgerollt wird.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling stops a running query only: an open transaction stays open.</source>
        <translation>Abbrechen stoppt nur eine laufende Abfrage: Eine offene Transaktion bleibt offen.</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) are background or replication processes.</source>
        <translation>
            <numerusform>%n Sitzung ist ein Hintergrund- oder Replikationsprozess.</numerusform>
            <numerusform>%n Sitzungen sind Hintergrund- oder Replikationsprozesse.</numerusform>
        </translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source>&amp;Block new connections first (ALLOW_CONNECTIONS false)</source>
        <translation>Zuerst neue Verbindungen &amp;sperren (ALLOW_CONNECTIONS false)</translation>
    </message>
    <message>
        <source>Keep it blocked &amp;afterwards</source>
        <translation>&amp;Danach gesperrt lassen</translation>
    </message>
    <message>
        <source>Without blocking, clients and pools that reconnect at once can be back within milliseconds.</source>
        <translation>Ohne Sperre können Clients und Pools, die sich sofort neu verbinden, nach Millisekunden wieder da sein.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Wait until gone, at most</source>
        <translation>Höchstens so lange warten, bis sie weg sind</translation>
    </message>
    <message>
        <source>&amp;Wait until gone, at most</source>
        <translation>&amp;Warten, bis sie weg sind, höchstens</translation>
    </message>
    <message>
        <source>Then do nothing more</source>
        <translation>Danach nichts weiter tun</translation>
    </message>
    <message>
        <source>Then &amp;drop the database (WITH (FORCE))</source>
        <translation>Danach die Datenbank &amp;löschen (WITH (FORCE))</translation>
    </message>
    <message>
        <source>Then &amp;drop the database (without FORCE: needs PostgreSQL 13)</source>
        <translation>Danach die Datenbank &amp;löschen (ohne FORCE: erfordert PostgreSQL 13)</translation>
    </message>
    <message>
        <source>Then &amp;rename it to:</source>
        <translation>Danach &amp;umbenennen in:</translation>
    </message>
    <message>
        <source>New database name</source>
        <translation>Neuer Datenbankname</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is a production server.&lt;/b&gt; Type &lt;b&gt;%2&lt;/b&gt; to confirm:</source>
        <translation>&lt;b&gt;%1 ist ein Produktionsserver.&lt;/b&gt; Zur Bestätigung &lt;b&gt;%2&lt;/b&gt; eingeben:</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Bestätigung</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Terminate %n session(s)</source>
        <translation>
            <numerusform>%n Sitzung &amp;beenden</numerusform>
            <numerusform>%n Sitzungen &amp;beenden</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel &amp;queries</source>
        <translation>Abfragen &amp;abbrechen</translation>
    </message>
    <message>
        <source>&amp;Kill all connections</source>
        <translation>Alle Verbindungen b&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;No, keep them</source>
        <translation>&amp;Nein, behalten</translation>
    </message>
    <message numerus="yes">
        <source>%n of them belong to other roles, whose details the server hides from role %1; they are ended too.</source>
        <translation>
            <numerusform>%n davon gehört einer anderen Rolle, deren Details der Server vor Rolle %1 verbirgt; sie wird ebenfalls beendet.</numerusform>
            <numerusform>%n davon gehören anderen Rollen, deren Details der Server vor Rolle %1 verbirgt; sie werden ebenfalls beendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Allow connections</source>
        <translation>Verbindungen erlauben</translation>
    </message>
    <message>
        <source>Allow new connections to database &lt;b&gt;%1&lt;/b&gt; on %2 again?</source>
        <translation>Neue Verbindungen zur Datenbank &lt;b&gt;%1&lt;/b&gt; auf %2 wieder erlauben?</translation>
    </message>
    <message>
        <source>It refuses them now (datallowconn is false), whatever blocked it.</source>
        <translation>Sie weist sie derzeit ab (datallowconn ist false), gleich wodurch sie gesperrt wurde.</translation>
    </message>
    <message>
        <source>Block new connections</source>
        <translation>Neue Verbindungen sperren</translation>
    </message>
    <message>
        <source>Block new connections to database &lt;b&gt;%1&lt;/b&gt; on %2? Sessions connected now stay; nothing is ended. It can be allowed again from its node.</source>
        <translation>Neue Verbindungen zur Datenbank &lt;b&gt;%1&lt;/b&gt; auf %2 sperren? Verbundene Sitzungen bleiben; nichts wird beendet. Über ihren Knoten lassen sich Verbindungen wieder erlauben.</translation>
    </message>
    <message>
        <source>&amp;Allow connections</source>
        <translation>Verbindungen &amp;erlauben</translation>
    </message>
    <message>
        <source>&amp;Block new connections</source>
        <translation>Neue Verbindungen &amp;sperren</translation>
    </message>
    <message>
        <source>&amp;No, leave it</source>
        <translation>&amp;Nein, so lassen</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <source>&amp;Keep new connections out while it runs (the database refuses them already)</source>
        <translation>Neue Verbindungen währenddessen &amp;fernhalten (die Datenbank weist sie schon ab)</translation>
    </message>
    <message>
        <source>%1 is a standby (in recovery): blocking, dropping and renaming cannot run there; only ending sessions can.</source>
        <translation>%1 ist ein Standby (in Recovery): Sperren, Löschen und Umbenennen sind dort nicht möglich, nur das Beenden von Sitzungen.</translation>
    </message>
    <message>
        <source>%1 is a standby (in recovery): ALTER DATABASE cannot run there.</source>
        <translation>%1 ist ein Standby (in Recovery): ALTER DATABASE ist dort nicht möglich.</translation>
    </message>
    <message>
        <source>The new name is %1 bytes long; PostgreSQL keeps at most %2 bytes of a database name.</source>
        <translation>Der neue Name ist %1 Byte lang; PostgreSQL behält höchstens %2 Byte eines Datenbanknamens.</translation>
    </message>
    <message numerus="yes">
        <source>PID %1 blocks %n session(s); cancelling its query does not release locks its transaction holds.</source>
        <translation>
            <numerusform>PID %1 blockiert %n Sitzung; das Abbrechen ihrer Abfrage gibt die Sperren ihrer Transaktion nicht frei.</numerusform>
            <numerusform>PID %1 blockiert %n Sitzungen; das Abbrechen ihrer Abfrage gibt die Sperren ihrer Transaktion nicht frei.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ending PID %1 unblocks %n session(s) waiting behind it; its transaction rolls back.</source>
        <translation>
            <numerusform>Das Beenden von PID %1 gibt %n wartende Sitzung frei; ihre Transaktion wird zurückgerollt.</numerusform>
            <numerusform>Das Beenden von PID %1 gibt %n wartende Sitzungen frei; ihre Transaktion wird zurückgerollt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also at the &amp;pooler %1: refuse and drop its %n client(s) of %2 first (DISABLE, KILL), let them in again afterwards (RESUME, ENABLE)</source>
        <translation>
            <numerusform>Auch am &amp;Pooler %1: zuerst seinen %n Client von %2 abweisen und trennen (DISABLE, KILL), danach wieder einlassen (RESUME, ENABLE)</numerusform>
            <numerusform>Auch am &amp;Pooler %1: zuerst seine %n Clients von %2 abweisen und trennen (DISABLE, KILL), danach wieder einlassen (RESUME, ENABLE)</numerusform>
        </translation>
    </message>
    <message>
        <source>Also at the &amp;pooler %1 (not possible now: %2)</source>
        <translation>Auch am &amp;Pooler %1 (jetzt nicht möglich: %2)</translation>
    </message>
    <message>
        <source>%1 is reached through a connection pooler: a backend ended behind a transaction pool does not end its client, which gets another backend at its next transaction. To end clients, watch the pooler&apos;s admin console (and name it as this server&apos;s pooler).</source>
        <translation>%1 wird über einen Verbindungs-Pooler erreicht: ein hinter einem Transaktions-Pool beendetes Backend beendet nicht seinen Client, der bei seiner nächsten Transaktion ein anderes Backend bekommt. Um Clients zu beenden, beobachten Sie die Admin-Konsole des Poolers (und nennen Sie ihn als Pooler dieses Servers).</translation>
    </message>
    <message>
        <source>Kill all connections on this server</source>
        <translation>Alle Verbindungen auf diesem Server beenden</translation>
    </message>
    <message numerus="yes">
        <source>Kill all connections on server &lt;b&gt;%1&lt;/b&gt;? It has %n client session(s) now in %2 database(s), besides pgsessions&apos; own; the list is read again on the server when the action runs.</source>
        <translation>
            <numerusform>Alle Verbindungen auf Server &lt;b&gt;%1&lt;/b&gt; beenden? Er hat jetzt %n Client-Sitzung in %2 Datenbank(en), außer denen von pgsessions; die Liste wird beim Ausführen auf dem Server neu gelesen.</numerusform>
            <numerusform>Alle Verbindungen auf Server &lt;b&gt;%1&lt;/b&gt; beenden? Er hat jetzt %n Client-Sitzungen in %2 Datenbank(en), außer denen von pgsessions; die Liste wird beim Ausführen auf dem Server neu gelesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reset from template</source>
        <translation>Aus Vorlage zurücksetzen</translation>
    </message>
    <message numerus="yes">
        <source>Reset database &lt;b&gt;%1&lt;/b&gt; on %2? Its %n session(s) are ended with new connections blocked, it is dropped, then created again from the template chosen below, with the same owner. Everything in it now is lost.</source>
        <translation>
            <numerusform>Datenbank &lt;b&gt;%1&lt;/b&gt; auf %2 zurücksetzen? Ihre %n Sitzung wird bei gesperrten neuen Verbindungen beendet, sie wird gelöscht und dann aus der unten gewählten Vorlage mit demselben Eigentümer neu angelegt. Alles, was jetzt darin ist, geht verloren.</numerusform>
            <numerusform>Datenbank &lt;b&gt;%1&lt;/b&gt; auf %2 zurücksetzen? Ihre %n Sitzungen werden bei gesperrten neuen Verbindungen beendet, sie wird gelöscht und dann aus der unten gewählten Vorlage mit demselben Eigentümer neu angelegt. Alles, was jetzt darin ist, geht verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Reset the database</source>
        <translation>Datenbank &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Kill all connections on the server</source>
        <translation>&amp;Alle Verbindungen auf dem Server beenden</translation>
    </message>
    <message>
        <source>&amp;Block new connections to every database first (each allowed again afterwards, also after a failure)</source>
        <translation>Zuerst neue Verbindungen zu jeder Datenbank &amp;sperren (danach jede wieder erlaubt, auch nach einem Fehler)</translation>
    </message>
    <message>
        <source>Include &amp;replication connections (standbys and replication clients lose their stream)</source>
        <translation>&amp;Replikationsverbindungen einschließen (Standbys und Replikations-Clients verlieren ihren Strom)</translation>
    </message>
    <message>
        <source>%1 is a standby (in recovery): blocking cannot run there; only ending sessions can.</source>
        <translation>%1 ist ein Standby (in Recovery): Sperren ist dort nicht möglich, nur das Beenden von Sitzungen.</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Create it again &amp;from</source>
        <translation>Neu anlegen &amp;aus</translation>
    </message>
    <message>
        <source>The sessions connected to &quot;%1&quot; are ended too: CREATE DATABASE copies a template only while nobody is connected to it.</source>
        <translation>Die mit „%1“ verbundenen Sitzungen werden ebenfalls beendet: CREATE DATABASE kopiert eine Vorlage nur, solange niemand mit ihr verbunden ist.</translation>
    </message>
    <message>
        <source>%1 is a standby (in recovery): DROP and CREATE DATABASE cannot run there.</source>
        <translation>%1 ist ein Standby (in Recovery): DROP und CREATE DATABASE sind dort nicht möglich.</translation>
    </message>
    <message>
        <source>Include back&amp;ground workers</source>
        <translation>Hinter&amp;grundprozesse einschließen</translation>
    </message>
    <message>
        <source>None: create it empty (from template0)</source>
        <translation>Keine: leer anlegen (aus template0)</translation>
    </message>
    <message>
        <source>CREATE DATABASE copies template0: nothing of the site&apos;s template1 comes along.</source>
        <translation>CREATE DATABASE kopiert template0: Nichts aus dem template1 dieser Installation kommt mit.</translation>
    </message>
    <message>
        <source>%1 cannot be reached since its last poll (%2): the sessions are as they were when it was last seen, and ending them fails until it can be reached again.</source>
        <translation>%1 ist seit seiner letzten Abfrage nicht erreichbar (%2): Die Sitzungen sind so, wie sie zuletzt gesehen wurden, und sie zu beenden schlägt fehl, bis er wieder erreichbar ist.</translation>
    </message>
    <message>
        <source>The last poll of %1 failed (%2): the sessions are as they were at the poll before.</source>
        <translation>Die letzte Abfrage von %1 ist fehlgeschlagen (%2): Die Sitzungen sind so wie bei der Abfrage davor.</translation>
    </message>
    <message>
        <source>A session is ended only if its PID and start time still match.</source>
        <translation>Eine Sitzung wird nur beendet, wenn ihre PID und ihre Startzeit noch übereinstimmen.</translation>
    </message>
    <message>
        <source>Whatever runs there when the action runs is ended, not only the sessions listed.</source>
        <translation>Beendet wird, was dort läuft, wenn die Aktion läuft, nicht nur die aufgeführten Sitzungen.</translation>
    </message>
</context>
<context>
    <name>ConnectionSpec</name>
    <message>
        <source>Out of memory while reading the connection string.</source>
        <translation>Kein Speicher mehr beim Lesen der Verbindungszeichenkette.</translation>
    </message>
    <message>
        <source>local socket</source>
        <translation>lokaler Socket</translation>
    </message>
    <message>
        <source>The value of &quot;%1&quot; contains a semicolon, which the Qt PostgreSQL driver cannot pass on.</source>
        <translation>Der Wert von „%1“ enthält ein Semikolon, das der Qt-PostgreSQL-Treiber nicht weitergeben kann.</translation>
    </message>
</context>
<context>
    <name>ConnectionTestResult</name>
    <message>
        <source>Connected to PostgreSQL %1, database %2, in %3 ms.</source>
        <translation>Verbunden mit PostgreSQL %1, Datenbank %2, in %3 ms.</translation>
    </message>
    <message>
        <source>The role&apos;s privileges could not be read: %1</source>
        <translation>Die Rechte der Rolle konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Role %1 — superuser: %2, pg_signal_backend: %3, pg_read_all_stats: %4.</source>
        <translation>Rolle %1 — Superuser: %2, pg_signal_backend: %3, pg_read_all_stats: %4.</translation>
    </message>
    <message>
        <source>Other roles&apos; queries will show as hidden.</source>
        <translation>Abfragen anderer Rollen werden als verborgen angezeigt.</translation>
    </message>
    <message>
        <source>Only this role&apos;s own sessions can be ended.</source>
        <translation>Nur die eigenen Sitzungen dieser Rolle können beendet werden.</translation>
    </message>
</context>
<context>
    <name>DatabaseBanner</name>
    <message>
        <source>Databases refusing connections</source>
        <translation>Datenbanken, die Verbindungen abweisen</translation>
    </message>
    <message>
        <source>&quot;%1&quot; on %2 refuses new connections since %3: a kill-all of pgsessions blocked it and did not finish (%4). Allow connections again?</source>
        <translation>„%1“ auf %2 weist seit %3 neue Verbindungen ab: Ein „Alle beenden“ von pgsessions hat sie gesperrt und wurde nicht abgeschlossen (%4). Verbindungen wieder erlauben?</translation>
    </message>
    <message>
        <source>&quot;%1&quot; does not accept new connections (datallowconn is false).</source>
        <translation>„%1“ nimmt keine neuen Verbindungen an (datallowconn ist false).</translation>
    </message>
    <message>
        <source>Allow connections…</source>
        <translation>Verbindungen erlauben …</translation>
    </message>
    <message>
        <source>Allow connections again</source>
        <translation>Verbindungen wieder erlauben</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Leave the database as it is and do not offer this again</source>
        <translation>Die Datenbank so lassen und dies nicht mehr anbieten</translation>
    </message>
    <message>
        <source>Allow connections to &quot;%1&quot; on %2…</source>
        <translation>Verbindungen zu „%1“ auf %2 erlauben …</translation>
    </message>
    <message>
        <source>Allow connections to &quot;%1&quot; on %2 again</source>
        <translation>Verbindungen zu „%1“ auf %2 wieder erlauben</translation>
    </message>
    <message>
        <source>Dismiss the offer for &quot;%1&quot; on %2</source>
        <translation>Das Angebot für „%1“ auf %2 verwerfen</translation>
    </message>
    <message>
        <source>Pooler database &quot;%1&quot; on %2 shuts its clients out since %3: a kill-all of pgsessions disabled it and did not finish (%4). Let its clients in again?</source>
        <translation>Die Pooler-Datenbank „%1“ auf %2 sperrt ihre Clients seit %3 aus: Ein „Alle beenden“ von pgsessions hat sie deaktiviert und wurde nicht abgeschlossen (%4). Ihre Clients wieder einlassen?</translation>
    </message>
    <message>
        <source>Let clients in again</source>
        <translation>Clients wieder einlassen</translation>
    </message>
    <message>
        <source>Let the clients of pooler database &quot;%1&quot; on %2 in again</source>
        <translation>Die Clients der Pooler-Datenbank „%1“ auf %2 wieder einlassen</translation>
    </message>
    <message>
        <source>kill all connections of a database</source>
        <translation>alle Verbindungen einer Datenbank beenden</translation>
    </message>
    <message>
        <source>kill all connections of the server</source>
        <translation>alle Verbindungen des Servers beenden</translation>
    </message>
    <message>
        <source>kill all clients of a pooler database</source>
        <translation>alle Clients einer Pooler-Datenbank beenden</translation>
    </message>
    <message>
        <source>Pooler database &quot;%1&quot; on %2 shuts its clients out since %3: a kill-all of pgsessions on %4 disabled it and did not finish (%5). Let its clients in again?</source>
        <translation>Die Pooler-Datenbank „%1“ auf %2 sperrt ihre Clients seit %3 aus: Ein „Alle beenden“ von pgsessions auf %4 hat sie deaktiviert und wurde nicht abgeschlossen (%5). Ihre Clients wieder einlassen?</translation>
    </message>
    <message>
        <source>Let the clients of pooler database &quot;%1&quot; on %2 in again (a kill-all on %3)</source>
        <translation>Die Clients der Pooler-Datenbank „%1“ auf %2 wieder einlassen (ein „Alle beenden“ auf %3)</translation>
    </message>
    <message>
        <source>Dismiss the offer for &quot;%1&quot; on %2 (a kill-all on %3)</source>
        <translation>Das Angebot für „%1“ auf %2 verwerfen (ein „Alle beenden“ auf %3)</translation>
    </message>
</context>
<context>
    <name>DatabaseChanges</name>
    <message>
        <source>Could not check that the action can run</source>
        <translation>Konnte nicht prüfen, ob die Aktion ausführbar ist</translation>
    </message>
    <message>
        <source>Nothing was done.</source>
        <translation>Es wurde nichts getan.</translation>
    </message>
    <message>
        <source>This server is a standby (in recovery): ALTER, DROP and RENAME DATABASE cannot run there.</source>
        <translation>Dieser Server ist ein Standby (in Recovery): ALTER, DROP und RENAME DATABASE sind dort nicht möglich.</translation>
    </message>
    <message>
        <source>There is no database &quot;%1&quot;.</source>
        <translation>Es gibt keine Datenbank „%1“.</translation>
    </message>
    <message>
        <source>Only the owner of &quot;%1&quot; or a superuser may block, drop or rename it; role %2 is neither.</source>
        <translation>Nur der Eigentümer von „%1“ oder ein Superuser darf sie sperren, löschen oder umbenennen; Rolle %2 ist keins von beiden.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is %2 bytes long; PostgreSQL keeps at most %3 bytes of a database name.</source>
        <translation>„%1“ ist %2 Byte lang; PostgreSQL behält höchstens %3 Byte eines Datenbanknamens.</translation>
    </message>
    <message>
        <source>A database &quot;%1&quot; exists already.</source>
        <translation>Eine Datenbank „%1“ gibt es schon.</translation>
    </message>
    <message>
        <source>Renaming a database needs the CREATEDB privilege, which role %1 does not have.</source>
        <translation>Das Umbenennen einer Datenbank braucht das Recht CREATEDB, das Rolle %1 nicht hat.</translation>
    </message>
    <message>
        <source>This server is a standby (in recovery): databases cannot be blocked there. Nothing was done.</source>
        <translation>Dieser Server ist ein Standby (in Recovery): Datenbanken können dort nicht gesperrt werden. Es wurde nichts getan.</translation>
    </message>
    <message>
        <source>Role %1 may not block new connections to %2 (only their owners or a superuser may). Nothing was done.</source>
        <translation>Rolle %1 darf neue Verbindungen zu %2 nicht sperren (nur deren Eigentümer oder ein Superuser). Es wurde nichts getan.</translation>
    </message>
    <message>
        <source>Creating a database needs the CREATEDB privilege, which role %1 does not have.</source>
        <translation>Eine Datenbank anzulegen erfordert das Recht CREATEDB, das Rolle %1 nicht hat.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be its own template.</source>
        <translation>„%1“ kann nicht ihre eigene Vorlage sein.</translation>
    </message>
    <message>
        <source>Could not check the template</source>
        <translation>Die Vorlage konnte nicht geprüft werden</translation>
    </message>
    <message>
        <source>There is no database &quot;%1&quot; to use as the template.</source>
        <translation>Es gibt keine Datenbank „%1“, die als Vorlage dienen könnte.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not marked as a template, and role %2 does not own it: it cannot be copied.</source>
        <translation>„%1“ ist nicht als Vorlage markiert, und Rolle %2 besitzt sie nicht: Sie kann nicht kopiert werden.</translation>
    </message>
    <message>
        <source>pgsessions&apos; own connections to the server are in &quot;%1&quot;, so it cannot be the template (CREATE DATABASE needs it unused). Choose another template, or give the server another maintenance database.</source>
        <translation>Die eigenen Verbindungen von pgsessions zum Server sind in „%1“, daher kann sie nicht die Vorlage sein (CREATE DATABASE braucht sie unbenutzt). Eine andere Vorlage wählen oder dem Server eine andere Wartungsdatenbank geben.</translation>
    </message>
</context>
<context>
    <name>DemoServer</name>
    <message>
        <source>No PostgreSQL server is installed here (no initdb found through pg_config, PATH or /usr/lib/postgresql). On Debian: sudo apt install postgresql-15</source>
        <translation>Hier ist kein PostgreSQL-Server installiert (kein initdb über pg_config, PATH oder /usr/lib/postgresql gefunden). Unter Debian: sudo apt install postgresql-15</translation>
    </message>
    <message>
        <source>The demo workload did not start: %1</source>
        <translation>Die Demo-Last ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>The demo server did not start</source>
        <translation>Der Demo-Server ist nicht gestartet</translation>
    </message>
    <message>
        <source>Setting up the demo failed</source>
        <translation>Das Einrichten der Demo ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>pgbouncer is not installed</source>
        <translation>pgbouncer ist nicht installiert</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>&amp;Copy query</source>
        <translation>Abfrage &amp;kopieren</translation>
    </message>
    <message>
        <source>Session details</source>
        <translation>Sitzungsdetails</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Backend type</source>
        <translation>Backend-Typ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Wait event</source>
        <translation>Warteereignis</translation>
    </message>
    <message>
        <source>In state</source>
        <translation>Im Zustand seit</translation>
    </message>
    <message>
        <source>Transaction age</source>
        <translation>Transaktionsalter</translation>
    </message>
    <message>
        <source>Query age</source>
        <translation>Abfragealter</translation>
    </message>
    <message>
        <source>Backend start</source>
        <translation>Backend-Start</translation>
    </message>
    <message>
        <source>Parallel leader</source>
        <translation>Paralleler Leiter</translation>
    </message>
    <message>
        <source>Query id</source>
        <translation>Abfrage-ID</translation>
    </message>
    <message>
        <source>Blocked by</source>
        <translation>Blockiert von</translation>
    </message>
    <message>
        <source>Blocking</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>No session selected</source>
        <translation>Keine Sitzung ausgewählt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <source>Pooler client</source>
        <translation>Pooler-Client</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Session %1 on %2 has ended</source>
        <translation>Sitzung %1 auf %2 ist beendet</translation>
    </message>
    <message>
        <source>Session %1 on %2 (pgsessions&apos; own connection)</source>
        <translation>Sitzung %1 auf %2 (eigene Verbindung von pgsessions)</translation>
    </message>
    <message>
        <source>Session %1 on %2</source>
        <translation>Sitzung %1 auf %2</translation>
    </message>
</context>
<context>
    <name>GroupQuestion</name>
    <message>
        <source>Rename group</source>
        <translation>Gruppe umbenennen</translation>
    </message>
    <message>
        <source>A group named %1 exists already. Move the servers of %2 into it?</source>
        <translation>Eine Gruppe namens %1 gibt es bereits. Sollen die Server von %2 in sie verschoben werden?</translation>
    </message>
    <message>
        <source>&amp;Move into %1</source>
        <translation>In %1 &amp;verschieben</translation>
    </message>
    <message>
        <source>&amp;New name of group %1:</source>
        <translation>&amp;Neuer Name der Gruppe %1:</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>&amp;Live</source>
        <translation>&amp;Live</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>Letzte 5 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Timeline range</source>
        <translation>Zeitraum der Zeitleiste</translation>
    </message>
    <message>
        <source>How much history the timeline shows</source>
        <translation>Wie viel Verlauf die Zeitleiste zeigt</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>Zurück zu live</translation>
    </message>
    <message>
        <source>Show the sessions as they are now (End on the slider does the same)</source>
        <translation>Die Sitzungen zeigen, wie sie jetzt sind (Ende auf dem Schieberegler tut dasselbe)</translation>
    </message>
    <message>
        <source>Export the timeline&apos;s range</source>
        <translation>Den Zeitraum der Zeitleiste exportieren</translation>
    </message>
    <message>
        <source>As &amp;CSV…</source>
        <translation>Als &amp;CSV…</translation>
    </message>
    <message>
        <source>As &amp;JSON Lines…</source>
        <translation>Als &amp;JSON Lines…</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Drag to see the sessions at an earlier moment; the right end is live</source>
        <translation>Ziehen, um die Sitzungen zu einem früheren Zeitpunkt zu sehen; das rechte Ende ist live</translation>
    </message>
    <message>
        <source>&amp;Timeline:</source>
        <translation>&amp;Zeitleiste:</translation>
    </message>
    <message>
        <source>&amp;History:</source>
        <translation>&amp;Verlauf:</translation>
    </message>
    <message>
        <source>At %1 (idle sessions counted, not listed; actions off until Live)</source>
        <translation>Um %1 (untätige Sitzungen gezählt, nicht aufgeführt; Aktionen aus bis Live)</translation>
    </message>
    <message>
        <source>At %1: no sample (pgsessions was not polling)</source>
        <translation>Um %1: keine Stichprobe (pgsessions hat nicht abgefragt)</translation>
    </message>
    <message>
        <source>History: %1</source>
        <translation>Verlauf: %1</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Pick a server to see its timeline</source>
        <translation>Einen Server wählen, um seine Zeitleiste zu sehen</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>idle in transaction</source>
        <translation>idle in transaction</translation>
    </message>
    <message>
        <source>shown</source>
        <translation>gezeigt</translation>
    </message>
    <message>
        <source>No history in this range</source>
        <translation>Kein Verlauf in diesem Zeitraum</translation>
    </message>
    <message>
        <source>Now: %1. Most at once: %2 sessions</source>
        <translation>Jetzt: %1. Höchstens gleichzeitig: %2 Sitzungen</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>; top waits: %1</source>
        <translation>; häufigste Wartezustände: %1</translation>
    </message>
    <message>
        <source>Pick a server to export its history.</source>
        <translation>Einen Server wählen, um seinen Verlauf zu exportieren.</translation>
    </message>
    <message>
        <source>No history is kept: it is turned off in the settings.</source>
        <translation>Es wird kein Verlauf geführt: er ist in den Einstellungen ausgeschaltet.</translation>
    </message>
    <message>
        <source>Export history as JSON Lines</source>
        <translation>Verlauf als JSON Lines exportieren</translation>
    </message>
    <message>
        <source>Export history as CSV</source>
        <translation>Verlauf als CSV exportieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exporting history…</source>
        <translation>Verlauf wird exportiert…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n session row(s) to %1</source>
        <translation>
            <numerusform>%n Sitzungszeile nach %1 exportiert</numerusform>
            <numerusform>%n Sitzungszeilen nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Write the sessions at work (not idle) of every sample in the range shown, as CSV or JSON Lines</source>
        <translation>Die arbeitenden (nicht untätigen) Sitzungen jeder Stichprobe im gezeigten Zeitraum schreiben, als CSV oder JSON Lines</translation>
    </message>
    <message>
        <source>History is turned off in the settings (history/enabled)</source>
        <translation>Der Verlauf ist in den Einstellungen ausgeschaltet (history/enabled)</translation>
    </message>
    <message>
        <source>Export writes one server&apos;s history: pick a server.</source>
        <translation>Export schreibt die Historie eines Servers: einen Server wählen.</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>no sample (pgsessions was not polling)</source>
        <translation>keine Stichprobe (pgsessions hat nicht abgefragt)</translation>
    </message>
    <message>
        <source>no session at work</source>
        <translation>keine Sitzung bei der Arbeit</translation>
    </message>
</context>
<context>
    <name>HistoryStore</name>
    <message>
        <source>History could not be written to %1: %2</source>
        <translation>Der Verlauf konnte nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <source>History is not kept: Qt&apos;s SQLite driver is not installed (Debian: libqt6sql6-sqlite).</source>
        <translation>Es wird kein Verlauf geführt: Qts SQLite-Treiber ist nicht installiert (Debian: libqt6sql6-sqlite).</translation>
    </message>
    <message>
        <source>History cannot be kept in %1: %2</source>
        <translation>Der Verlauf kann nicht in %1 geführt werden: %2</translation>
    </message>
    <message>
        <source>it is not a history file (%1)</source>
        <translation>sie ist keine Verlaufsdatei (%1)</translation>
    </message>
    <message>
        <source>it was written by a newer pgsessions (version %1)</source>
        <translation>sie wurde von einem neueren pgsessions geschrieben (Version %1)</translation>
    </message>
    <message>
        <source>it is damaged (%1)</source>
        <translation>sie ist beschädigt (%1)</translation>
    </message>
    <message>
        <source>The history file %1 could not be used: %2. It was moved to %3 and a new one started.</source>
        <translation>Die Verlaufsdatei %1 war nicht verwendbar: %2. Sie wurde nach %3 verschoben und eine neue begonnen.</translation>
    </message>
    <message>
        <source>History is written to %1 again.</source>
        <translation>Der Verlauf wird wieder nach %1 geschrieben.</translation>
    </message>
    <message>
        <source>it was written by an older pgsessions (version %1)</source>
        <translation>sie wurde von einem älteren pgsessions geschrieben (Version %1)</translation>
    </message>
    <message>
        <source>History cannot be kept: the history file %1 could not be used (%2) and could not be moved aside.</source>
        <translation>Es wird kein Verlauf geführt: Die Verlaufsdatei %1 war nicht verwendbar (%2) und konnte nicht beiseitegelegt werden.</translation>
    </message>
    <message>
        <source>A sample of %1 cannot be read.</source>
        <translation>Eine Stichprobe von %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The export was stopped.</source>
        <translation>Der Export wurde angehalten.</translation>
    </message>
    <message numerus="yes">
        <source>History fell behind: %n poll(s) were not kept.</source>
        <translation>
            <numerusform>Der Verlauf kam nicht nach: %n Abfrage wurde nicht behalten.</numerusform>
            <numerusform>Der Verlauf kam nicht nach: %n Abfragen wurden nicht behalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>its tables are not those of this version (%1)</source>
        <translation>ihre Tabellen sind nicht die dieser Version (%1)</translation>
    </message>
</context>
<context>
    <name>ImportServersDialog</name>
    <message>
        <source>Import servers</source>
        <translation>Server importieren</translation>
    </message>
    <message>
        <source>&amp;Services in libpq&apos;s service files (a profile names the service; libpq reads the rest when it connects):</source>
        <translation>&amp;Dienste in libpqs Dienstdateien (ein Profil nennt den Dienst; libpq liest den Rest beim Verbinden):</translation>
    </message>
    <message>
        <source>Services found</source>
        <translation>Gefundene Dienste</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — %2 (saved already)</source>
        <translation>%1 — %2 (schon gespeichert)</translation>
    </message>
    <message>
        <source>No service file was found (PGSERVICEFILE or ~/.pg_service.conf, and pg_service.conf in PGSYSCONFDIR).</source>
        <translation>Keine Dienstdatei gefunden (PGSERVICEFILE oder ~/.pg_service.conf, und pg_service.conf in PGSYSCONFDIR).</translation>
    </message>
    <message>
        <source>The service files define no service: %1</source>
        <translation>Die Dienstdateien definieren keinen Dienst: %1</translation>
    </message>
    <message>
        <source>&amp;Connection strings or postgresql:// URIs, one per line (# starts a comment):</source>
        <translation>&amp;Verbindungszeichenketten oder postgresql://-URIs, eine pro Zeile (# beginnt einen Kommentar):</translation>
    </message>
    <message>
        <source>Connection strings, one per line</source>
        <translation>Verbindungszeichenketten, eine pro Zeile</translation>
    </message>
    <message>
        <source>What each line gives</source>
        <translation>Was jede Zeile ergibt</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>Line %1: not imported: %2</source>
        <translation>Zeile %1: nicht importiert: %2</translation>
    </message>
    <message>
        <source>Line %1: %2 is saved already</source>
        <translation>Zeile %1: %2 ist schon gespeichert</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Import %n server(s)</source>
        <translation>
            <numerusform>%n Server &amp;importieren</numerusform>
            <numerusform>%n Server &amp;importieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Line %1: %2, the same as a service ticked above</source>
        <translation>Zeile %1: %2, dasselbe wie ein oben angehakter Dienst</translation>
    </message>
    <message>
        <source>Line %1: %2, the same as line %3</source>
        <translation>Zeile %1: %2, dasselbe wie Zeile %3</translation>
    </message>
    <message>
        <source>&amp;What each line gives:</source>
        <translation>&amp;Was jede Zeile ergibt:</translation>
    </message>
</context>
<context>
    <name>LogPane</name>
    <message>
        <source>Action log</source>
        <translation>Aktionsprotokoll</translation>
    </message>
    <message>
        <source>Export l&amp;og…</source>
        <translation>Protokoll ex&amp;portieren …</translation>
    </message>
    <message>
        <source>Journal: %1</source>
        <translation>Journal: %1</translation>
    </message>
    <message>
        <source>Export log</source>
        <translation>Protokoll exportieren</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Textdateien (*.txt)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cancel this queued action</source>
        <translation>Diese wartende Aktion abbrechen</translation>
    </message>
    <message>
        <source>Cop&amp;y log</source>
        <translation>Protokoll k&amp;opieren</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>pgsessions</source>
        <translation>pgsessions</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Poll the servers now</source>
        <translation>Die Server jetzt abfragen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Pause or resume polling</source>
        <translation>Abfragen anhalten oder fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>&amp;Filter</translation>
    </message>
    <message>
        <source>Filter the sessions</source>
        <translation>Die Sitzungen filtern</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Refresh interval</source>
        <translation>Aktualisierungsintervall</translation>
    </message>
    <message>
        <source> &amp;Every </source>
        <translation> All&amp;e </translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>&amp;Sitzungen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Been&amp;den</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>&amp;Servers…</source>
        <translation>&amp;Server …</translation>
    </message>
    <message>
        <source>Add, edit, remove and reorder the saved servers</source>
        <translation>Gespeicherte Server hinzufügen, bearbeiten, entfernen und ordnen</translation>
    </message>
    <message>
        <source>Give the password the selected server asks for</source>
        <translation>Das Passwort angeben, das der ausgewählte Server verlangt</translation>
    </message>
    <message>
        <source>Se&amp;rver</source>
        <translation>Se&amp;rver</translation>
    </message>
    <message>
        <source>&amp;Blocking tree</source>
        <translation>&amp;Blockierungsbaum</translation>
    </message>
    <message>
        <source>Show who blocks whom (again: the sessions table)</source>
        <translation>Zeigen, wer wen blockiert (erneut: die Sitzungstabelle)</translation>
    </message>
    <message>
        <source>%1 via %2</source>
        <translation>%1 über %2</translation>
    </message>
    <message>
        <source>none now: an idle server connection of %1 (database %2)</source>
        <translation>derzeit keiner: eine freie Serververbindung von %1 (Datenbank %2)</translation>
    </message>
    <message>
        <source>Show the selected server in a group&apos;s folder, or in none (also by drag and drop)</source>
        <translation>Den gewählten Server im Ordner einer Gruppe zeigen, oder in keinem (auch per Ziehen und Ablegen)</translation>
    </message>
    <message>
        <source>Re&amp;name group…</source>
        <translation>Gruppe &amp;umbenennen…</translation>
    </message>
    <message>
        <source>Rename the selected group</source>
        <translation>Die gewählte Gruppe umbenennen</translation>
    </message>
    <message>
        <source>Move to group</source>
        <translation>In Gruppe verschieben</translation>
    </message>
    <message>
        <source>&amp;Group of %1 (empty: none):</source>
        <translation>&amp;Gruppe von %1 (leer: keine):</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>P&amp;rotokoll</translation>
    </message>
    <message>
        <source>Move the keyboard to the log of actions</source>
        <translation>Die Tastatur ins Protokoll der Aktionen bringen</translation>
    </message>
    <message>
        <source>Mo&amp;ve to group…</source>
        <translation>In &amp;Gruppe verschieben…</translation>
    </message>
    <message>
        <source>Session %1 on %2 is not shown (filtered out or ended).</source>
        <translation>Sitzung %1 auf %2 wird nicht angezeigt (ausgefiltert oder beendet).</translation>
    </message>
    <message>
        <source>&amp;Enter password…</source>
        <translation>Passw&amp;ort eingeben …</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>For&amp;tsetzen</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>terminated</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>no query to cancel</source>
        <translation>keine Abfrage abzubrechen</translation>
    </message>
    <message>
        <source>already gone</source>
        <translation>bereits weg</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>Berechtigung verweigert</translation>
    </message>
    <message>
        <source>not a backend</source>
        <translation>kein Backend</translation>
    </message>
    <message>
        <source>still alive</source>
        <translation>noch vorhanden</translation>
    </message>
    <message>
        <source>skipped: pgsessions&apos; own connection</source>
        <translation>übersprungen: eigene Verbindung von pgsessions</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password for %1</source>
        <translation>Passwort für %1</translation>
    </message>
    <message>
        <source>The server %1 asks for a password.</source>
        <translation>Der Server %1 verlangt ein Passwort.</translation>
    </message>
    <message>
        <source>The server %1 asks for the password of role %2.</source>
        <translation>Der Server %1 verlangt das Passwort der Rolle %2.</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Kept in memory until pgsessions quits (only saved servers can remember it).</source>
        <translation>Bleibt im Speicher, bis pgsessions beendet wird (nur gespeicherte Server können es sich merken).</translation>
    </message>
    <message>
        <source>No system keychain is available (%1): the password is asked for each time, never saved.</source>
        <translation>Kein System-Schlüsselbund verfügbar (%1): Das Passwort wird jedes Mal erfragt, nie gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Remem&amp;ber it in the system keychain</source>
        <translation>Im System-Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <source>Passphrase for %1</source>
        <translation>Passphrase für %1</translation>
    </message>
    <message>
        <source>The REST client key of Patroni cluster %1 is locked with a passphrase: %2</source>
        <translation>Der REST-Client-Schlüssel des Patroni-Clusters %1 ist mit einer Passphrase gesperrt: %2</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>No system keychain is available (%1): the passphrase is asked for each time, never saved.</source>
        <translation>Kein System-Schlüsselbund verfügbar (%1): Die Passphrase wird jedes Mal erfragt, nie gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
</context>
<context>
    <name>PatroniWatcher</name>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>replica</source>
        <translation>Replikat</translation>
    </message>
    <message>
        <source>sync standby</source>
        <translation>synchroner Standby</translation>
    </message>
    <message>
        <source>standby leader</source>
        <translation>Standby-Leader</translation>
    </message>
    <message>
        <source>state unknown</source>
        <translation>Zustand unbekannt</translation>
    </message>
    <message>
        <source>timeline %1</source>
        <translation>Timeline %1</translation>
    </message>
    <message>
        <source>lag %1</source>
        <translation>Rückstand %1</translation>
    </message>
    <message>
        <source>lag unknown</source>
        <translation>Rückstand unbekannt</translation>
    </message>
    <message>
        <source>the answer is not JSON (%1): %2</source>
        <translation>die Antwort ist kein JSON (%1): %2</translation>
    </message>
    <message>
        <source>the answer has no member list: %1</source>
        <translation>die Antwort enthält keine Mitgliederliste: %1</translation>
    </message>
    <message>
        <source>a member without a name in the answer: %1</source>
        <translation>ein Mitglied ohne Namen in der Antwort: %1</translation>
    </message>
    <message numerus="yes">
        <source> (and %n other member(s) did not answer either)</source>
        <translation>
            <numerusform> (und %n weiteres Mitglied antwortete auch nicht)</numerusform>
            <numerusform> (und %n weitere Mitglieder antworteten auch nicht)</numerusform>
        </translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>keine Antwort innerhalb von %1 s</translation>
    </message>
    <message>
        <source>HTTP %1 %2</source>
        <translation>HTTP %1 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>two members named &quot;%1&quot; in the answer: which one is that member cannot be told</source>
        <translation>zwei Mitglieder namens „%1“ in der Antwort: welches davon dieses Mitglied ist, lässt sich nicht sagen</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>streamt</translation>
    </message>
    <message>
        <source>in archive recovery</source>
        <translation>in Archiv-Wiederherstellung</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>hält an</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>startet neu</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>abgestürzt</translation>
    </message>
    <message>
        <source>start failed</source>
        <translation>Start fehlgeschlagen</translation>
    </message>
    <message>
        <source>restart failed</source>
        <translation>Neustart fehlgeschlagen</translation>
    </message>
    <message>
        <source>creating replica</source>
        <translation>legt Replikat an</translation>
    </message>
    <message>
        <source>quorum standby</source>
        <translation>Quorum-Standby</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>REST CA certificate</source>
        <translation>REST-CA-Zertifikat</translation>
    </message>
    <message>
        <source>REST client certificate</source>
        <translation>REST-Client-Zertifikat</translation>
    </message>
    <message>
        <source>REST client key</source>
        <translation>REST-Client-Schlüssel</translation>
    </message>
    <message>
        <source>its answer did not end within %1 s</source>
        <translation>seine Antwort endete nicht innerhalb von %1 s</translation>
    </message>
    <message>
        <source>its TLS certificate is not trusted: %1</source>
        <translation>seinem TLS-Zertifikat wird nicht vertraut: %1</translation>
    </message>
    <message>
        <source> (give the CA that signed it as the server&apos;s REST CA certificate)</source>
        <translation> (geben Sie die CA, die es signiert hat, als REST-CA-Zertifikat des Servers an)</translation>
    </message>
    <message>
        <source> (the REST API may ask for a client certificate: give one in the server&apos;s settings)</source>
        <translation> (die REST-API verlangt womöglich ein Client-Zertifikat: geben Sie eines in den Einstellungen des Servers an)</translation>
    </message>
    <message>
        <source> (the REST API may not use https: try http://)</source>
        <translation> (die REST-API nutzt womöglich kein https: versuchen Sie http://)</translation>
    </message>
    <message>
        <source>%1 %2: no PEM certificate in it</source>
        <translation>%1 %2: enthält kein PEM-Zertifikat</translation>
    </message>
    <message>
        <source>REST client key %1 is locked with a passphrase: none was given</source>
        <translation>REST-Client-Schlüssel %1 ist mit einer Passphrase gesperrt: Keine wurde angegeben</translation>
    </message>
    <message>
        <source>REST client key %1: the passphrase given does not open it</source>
        <translation>REST-Client-Schlüssel %1: Die angegebene Passphrase öffnet ihn nicht</translation>
    </message>
    <message>
        <source>REST client key %1: not a PEM private key</source>
        <translation>REST-Client-Schlüssel %1: Kein privater PEM-Schlüssel</translation>
    </message>
    <message>
        <source>REST client key %1 is of a type pgsessions cannot use: give an RSA or EC key</source>
        <translation>REST-Client-Schlüssel %1 ist von einem Typ, den pgsessions nicht verwenden kann: Geben Sie einen RSA- oder EC-Schlüssel an</translation>
    </message>
    <message>
        <source>REST client key %1 is a key of type %2, which pgsessions cannot use: give an RSA or EC key</source>
        <translation>REST-Client-Schlüssel %1 ist ein Schlüssel vom Typ %2, den pgsessions nicht verwenden kann: Geben Sie einen RSA- oder EC-Schlüssel an</translation>
    </message>
    <message>
        <source>REST client key %1: the passphrase given opens it, but pgsessions could not read the key in it</source>
        <translation>REST-Client-Schlüssel %1: Die angegebene Passphrase öffnet ihn, aber pgsessions konnte den Schlüssel darin nicht lesen</translation>
    </message>
    <message>
        <source>REST client key %1: pgsessions could not read the key in it</source>
        <translation>REST-Client-Schlüssel %1: pgsessions konnte den Schlüssel darin nicht lesen</translation>
    </message>
    <message>
        <source>REST client key %1 is locked in a way the system&apos;s OpenSSL cannot open: lock it again with AES (openssl pkey -provider legacy -provider default -in %2 -aes256 -out new.key)</source>
        <translation>REST-Client-Schlüssel %1 ist auf eine Weise gesperrt, die das OpenSSL des Systems nicht öffnen kann: Sperren Sie ihn erneut mit AES (openssl pkey -provider legacy -provider default -in %2 -aes256 -out new.key)</translation>
    </message>
    <message>
        <source>REST client key %1 is locked with %2, which the system&apos;s OpenSSL does not offer: lock it again with AES (openssl pkey -provider legacy -provider default -in %3 -aes256 -out new.key)</source>
        <translation>REST-Client-Schlüssel %1 ist mit %2 gesperrt, welches das OpenSSL des Systems nicht anbietet: Sperren Sie ihn erneut mit AES (openssl pkey -provider legacy -provider default -in %3 -aes256 -out new.key)</translation>
    </message>
</context>
<context>
    <name>PoolerActions</name>
    <message>
        <source>&amp;Pooler</source>
        <translation>&amp;Pooler</translation>
    </message>
    <message>
        <source>&amp;Pause…</source>
        <translation>&amp;Pausieren…</translation>
    </message>
    <message>
        <source>Close the pooler database&apos;s server connections once released; its clients wait until RESUME</source>
        <translation>Die Serververbindungen der Pooler-Datenbank schließen, sobald sie frei sind; ihre Clients warten bis RESUME</translation>
    </message>
    <message>
        <source>&amp;Resume…</source>
        <translation>&amp;Fortsetzen…</translation>
    </message>
    <message>
        <source>Let a paused pooler database&apos;s clients go on</source>
        <translation>Die Clients einer pausierten Pooler-Datenbank weiterarbeiten lassen</translation>
    </message>
    <message>
        <source>&amp;Disable (refuse new clients)…</source>
        <translation>&amp;Deaktivieren (neue Clients abweisen)…</translation>
    </message>
    <message>
        <source>Refuse new clients of the pooler database; connected ones carry on</source>
        <translation>Neue Clients der Pooler-Datenbank abweisen; verbundene arbeiten weiter</translation>
    </message>
    <message>
        <source>&amp;Enable…</source>
        <translation>&amp;Aktivieren…</translation>
    </message>
    <message>
        <source>Let new clients of the pooler database in again</source>
        <translation>Neue Clients der Pooler-Datenbank wieder einlassen</translation>
    </message>
    <message>
        <source>Re&amp;connect…</source>
        <translation>Neu &amp;verbinden…</translation>
    </message>
    <message>
        <source>Replace the pooler database&apos;s server connections as they are released; no client is disconnected</source>
        <translation>Die Serververbindungen der Pooler-Datenbank ersetzen, sobald sie frei sind; kein Client wird getrennt</translation>
    </message>
    <message>
        <source>&amp;Kill…</source>
        <translation>&amp;Beenden (KILL)…</translation>
    </message>
    <message>
        <source>Drop the pooler database&apos;s clients and server connections at once; it stays paused until RESUME</source>
        <translation>Clients und Serververbindungen der Pooler-Datenbank sofort trennen; sie bleibt bis RESUME pausiert</translation>
    </message>
    <message>
        <source>Disconnect the selected pooler client</source>
        <translation>Den ausgewählten Pooler-Client trennen</translation>
    </message>
    <message>
        <source>KILL_CLIENT needs PgBouncer 1.24 or later; this one is %1.</source>
        <translation>KILL_CLIENT braucht PgBouncer 1.24 oder neuer; dieser ist %1.</translation>
    </message>
    <message>
        <source>The server was removed while the dialog was open: nothing was done.</source>
        <translation>Der Server wurde entfernt, während der Dialog offen war: Es wurde nichts getan.</translation>
    </message>
    <message>
        <source>D&amp;isconnect client (KILL_CLIENT)…</source>
        <translation>&amp;Client trennen (KILL_CLIENT)…</translation>
    </message>
</context>
<context>
    <name>PoolerCommands</name>
    <message>
        <source>A pooler database needs a name.</source>
        <translation>Eine Pooler-Datenbank braucht einen Namen.</translation>
    </message>
    <message>
        <source>The pooler&apos;s console cannot take the name &quot;%1&quot; (a quote, a semicolon or a line break in it).</source>
        <translation>Die Konsole des Poolers kann den Namen „%1“ nicht verarbeiten (ein Anführungszeichen, Semikolon oder Zeilenumbruch darin).</translation>
    </message>
    <message>
        <source>%1 %2 on %3</source>
        <translation>%1 %2 auf %3</translation>
    </message>
    <message>
        <source>The pooler&apos;s own admin database cannot be paused, disabled or killed.</source>
        <translation>Die eigene Admin-Datenbank des Poolers kann nicht pausiert, deaktiviert oder beendet werden.</translation>
    </message>
    <message>
        <source>%1 (the pooler&apos;s user must be in admin_users; stats_users can only watch)</source>
        <translation>%1 (der Benutzer muss in admin_users stehen; stats_users können nur zusehen)</translation>
    </message>
    <message>
        <source>the pooler</source>
        <translation>der Pooler</translation>
    </message>
    <message numerus="yes">
        <source>%n pooler client(s) of &quot;%1&quot; were disconnected at %2.</source>
        <translation>
            <numerusform>%n Pooler-Client von „%1“ wurde an %2 getrennt.</numerusform>
            <numerusform>%n Pooler-Clients von „%1“ wurden an %2 getrennt.</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot; stays disabled at %2: run ENABLE %1 there to let clients in.</source>
        <translation>„%1“ bleibt an %2 deaktiviert: führen Sie dort ENABLE %1 aus, um Clients einzulassen.</translation>
    </message>
    <message>
        <source>%1 had already let its clients in again (it was restarted meanwhile).</source>
        <translation>%1 hatte seine Clients bereits wieder eingelassen (er wurde zwischenzeitlich neu gestartet).</translation>
    </message>
    <message>
        <source>SHOW DATABASES of %1 has no name column.</source>
        <translation>SHOW DATABASES von %1 hat keine Spalte name.</translation>
    </message>
    <message>
        <source>%1 has no database &quot;%2&quot; any more.</source>
        <translation>%1 hat keine Datenbank „%2“ mehr.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; already lets its clients in at %2.</source>
        <translation>„%1“ lässt seine Clients auf %2 bereits ein.</translation>
    </message>
    <message>
        <source>Could not read the databases of %1</source>
        <translation>Die Datenbanken von %1 konnten nicht gelesen werden</translation>
    </message>
</context>
<context>
    <name>PoolerConfirmDialog</name>
    <message>
        <source>Kill all pooler connections</source>
        <translation>Alle Pooler-Verbindungen beenden</translation>
    </message>
    <message numerus="yes">
        <source>Kill all connections of pooler database %1 on %2? DISABLE refuses new clients, KILL drops its %n client(s) and their server connections at once, then RESUME and ENABLE let clients in again.</source>
        <translation>
            <numerusform>Alle Verbindungen der Pooler-Datenbank %1 auf %2 beenden? DISABLE weist neue Clients ab, KILL trennt ihren %n Client und dessen Serververbindungen sofort, danach lassen RESUME und ENABLE Clients wieder ein.</numerusform>
            <numerusform>Alle Verbindungen der Pooler-Datenbank %1 auf %2 beenden? DISABLE weist neue Clients ab, KILL trennt ihre %n Clients und deren Serververbindungen sofort, danach lassen RESUME und ENABLE Clients wieder ein.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Kill all connections</source>
        <translation>Alle Verbindungen b&amp;eenden</translation>
    </message>
    <message>
        <source>Disconnect a pooler client</source>
        <translation>Einen Pooler-Client trennen</translation>
    </message>
    <message>
        <source>Disconnect client %1 (%2) from %3? Its server connection goes back to the pool.</source>
        <translation>Client %1 (%2) von %3 trennen? Seine Serververbindung geht zurück in den Pool.</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Pause a pooler database</source>
        <translation>Eine Pooler-Datenbank pausieren</translation>
    </message>
    <message>
        <source>Pause pooler database %1 on %2? PgBouncer waits until its server connections are released (in session pooling: until its clients disconnect), then closes them; its clients wait until RESUME.</source>
        <translation>Pooler-Datenbank %1 auf %2 pausieren? PgBouncer wartet, bis ihre Serververbindungen frei sind (im Session-Pooling: bis ihre Clients sich trennen), und schließt sie dann; ihre Clients warten bis RESUME.</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Resume a pooler database</source>
        <translation>Eine Pooler-Datenbank fortsetzen</translation>
    </message>
    <message>
        <source>Resume pooler database %1 on %2? Waiting clients go on.</source>
        <translation>Pooler-Datenbank %1 auf %2 fortsetzen? Wartende Clients arbeiten weiter.</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Disable a pooler database</source>
        <translation>Eine Pooler-Datenbank deaktivieren</translation>
    </message>
    <message numerus="yes">
        <source>Disable pooler database %1 on %2? New clients are refused; the %n client(s) connected now carry on.</source>
        <translation>
            <numerusform>Pooler-Datenbank %1 auf %2 deaktivieren? Neue Clients werden abgewiesen; der %n jetzt verbundene Client arbeitet weiter.</numerusform>
            <numerusform>Pooler-Datenbank %1 auf %2 deaktivieren? Neue Clients werden abgewiesen; die %n jetzt verbundenen Clients arbeiten weiter.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>&amp;Deaktivieren</translation>
    </message>
    <message>
        <source>Enable a pooler database</source>
        <translation>Eine Pooler-Datenbank aktivieren</translation>
    </message>
    <message>
        <source>Enable pooler database %1 on %2? New clients are let in again.</source>
        <translation>Pooler-Datenbank %1 auf %2 aktivieren? Neue Clients werden wieder eingelassen.</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>&amp;Aktivieren</translation>
    </message>
    <message>
        <source>Reconnect a pooler database</source>
        <translation>Eine Pooler-Datenbank neu verbinden</translation>
    </message>
    <message>
        <source>Reconnect pooler database %1 on %2? Each of its server connections is closed once released and a new one opened; no client is disconnected.</source>
        <translation>Pooler-Datenbank %1 auf %2 neu verbinden? Jede ihrer Serververbindungen wird geschlossen, sobald sie frei ist, und eine neue geöffnet; kein Client wird getrennt.</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>Neu &amp;verbinden</translation>
    </message>
    <message>
        <source>Kill a pooler database</source>
        <translation>Eine Pooler-Datenbank beenden (KILL)</translation>
    </message>
    <message numerus="yes">
        <source>Kill pooler database %1 on %2? Its %n client(s) and their server connections are dropped at once, and the database stays paused until RESUME.</source>
        <translation>
            <numerusform>Pooler-Datenbank %1 auf %2 beenden? Ihr %n Client und seine Serververbindungen werden sofort getrennt, und die Datenbank bleibt bis RESUME pausiert.</numerusform>
            <numerusform>Pooler-Datenbank %1 auf %2 beenden? Ihre %n Clients und deren Serververbindungen werden sofort getrennt, und die Datenbank bleibt bis RESUME pausiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Kill</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Clients of %1</source>
        <translation>Clients von %1</translation>
    </message>
    <message>
        <source>Keep it &amp;disabled afterwards (new clients stay refused)</source>
        <translation>Danach &amp;deaktiviert lassen (neue Clients bleiben abgewiesen)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is a production server.&lt;/b&gt; Type &lt;b&gt;%2&lt;/b&gt; to confirm:</source>
        <translation>&lt;b&gt;%1 ist ein Produktionsserver.&lt;/b&gt; Zur Bestätigung &lt;b&gt;%2&lt;/b&gt; eingeben:</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Bestätigung</translation>
    </message>
    <message>
        <source>&amp;No, leave it</source>
        <translation>&amp;Nein, so lassen</translation>
    </message>
</context>
<context>
    <name>PoolerModel</name>
    <message>
        <source>local socket</source>
        <translation>lokaler Socket</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Backend PID</source>
        <translation>Backend-PID</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Last request</source>
        <translation>Letzte Anfrage</translation>
    </message>
    <message>
        <source>Serving client</source>
        <translation>Bedient Client</translation>
    </message>
</context>
<context>
    <name>PoolerPanel</name>
    <message>
        <source>Sho&amp;w:</source>
        <translation>Zei&amp;gen:</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Server connections</source>
        <translation>Serververbindungen</translation>
    </message>
    <message>
        <source>Pooler view</source>
        <translation>Pooler-Ansicht</translation>
    </message>
    <message numerus="yes">
        <source>%n pooler client(s) of %1</source>
        <translation>
            <numerusform>%n Pooler-Client von %1</numerusform>
            <numerusform>%n Pooler-Clients von %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pooler client(s) of %1 on %2</source>
        <translation>
            <numerusform>%n Pooler-Client von %1 auf %2</numerusform>
            <numerusform>%n Pooler-Clients von %1 auf %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server connection(s) of %1</source>
        <translation>
            <numerusform>%n Serververbindung von %1</numerusform>
            <numerusform>%n Serververbindungen von %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server connection(s) of %1 on %2</source>
        <translation>
            <numerusform>%n Serververbindung von %1 auf %2</numerusform>
            <numerusform>%n Serververbindungen von %1 auf %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Pooler clients</source>
        <translation>Pooler-Clients</translation>
    </message>
    <message>
        <source>Pooler server connections</source>
        <translation>Pooler-Serververbindungen</translation>
    </message>
</context>
<context>
    <name>PrivilegeHints</name>
    <message>
        <source>A background process without a role: only superusers may signal it.</source>
        <translation>Ein Hintergrundprozess ohne Rolle: Nur Superuser dürfen ihm Signale senden.</translation>
    </message>
    <message>
        <source>A session of superuser %1: only superusers may signal it.</source>
        <translation>Eine Sitzung des Superusers %1: Nur Superuser dürfen ihr Signale senden.</translation>
    </message>
    <message>
        <source>A session of role %1: signalling it needs the privileges of %1 or of pg_signal_backend.</source>
        <translation>Eine Sitzung der Rolle %1: Signale an sie erfordern die Rechte von %1 oder von pg_signal_backend.</translation>
    </message>
    <message>
        <source>The role of the connection was not found in pg_roles.</source>
        <translation>Die Rolle der Verbindung steht nicht in pg_roles.</translation>
    </message>
</context>
<context>
    <name>Rewind</name>
    <message>
        <source>No history is kept: it is turned off in the settings.</source>
        <translation>Es wird kein Verlauf geführt: er ist in den Einstellungen ausgeschaltet.</translation>
    </message>
    <message>
        <source>A PgBouncer console has no session history to rewind.</source>
        <translation>Eine PgBouncer-Konsole hat keinen Sitzungsverlauf zum Zurückspulen.</translation>
    </message>
</context>
<context>
    <name>RuleActions</name>
    <message>
        <source>Se&amp;lect sessions…</source>
        <translation>Sitzungen aus&amp;wählen…</translation>
    </message>
    <message>
        <source>Arm &amp;watchdog…</source>
        <translation>Wächter scharf scha&amp;lten…</translation>
    </message>
    <message>
        <source>&amp;Disarm watchdog</source>
        <translation>Wächter en&amp;tschärfen</translation>
    </message>
    <message>
        <source>Select the sessions that match a rule (state, idle in transaction, query time, user, …)</source>
        <translation>Die Sitzungen auswählen, auf die eine Regel passt (Zustand, untätig in Transaktion, Abfragedauer, Benutzer, …)</translation>
    </message>
    <message>
        <source>End the sessions a saved rule matches at every poll of this server</source>
        <translation>Bei jeder Abfrage dieses Servers die Sitzungen beenden, auf die eine gespeicherte Regel passt</translation>
    </message>
    <message>
        <source>Stop the watchdog armed on this server now</source>
        <translation>Den auf diesem Server scharfen Wächter sofort anhalten</translation>
    </message>
    <message>
        <source>&amp;Disarm watchdog &quot;%1&quot;</source>
        <translation>Wächter „%1“ en&amp;tschärfen</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) selected; %1 more match but are not shown (another database or a filter).</source>
        <translation>
            <numerusform>%n Sitzung ausgewählt; %1 weitere passen, werden aber nicht angezeigt (andere Datenbank oder ein Filter).</numerusform>
            <numerusform>%n Sitzungen ausgewählt; %1 weitere passen, werden aber nicht angezeigt (andere Datenbank oder ein Filter).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) selected.</source>
        <translation>
            <numerusform>%n Sitzung ausgewählt.</numerusform>
            <numerusform>%n Sitzungen ausgewählt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Watchdog &quot;%1&quot; armed on %2.</source>
        <translation>Wächter „%1“ auf %2 scharf geschaltet.</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Select sessions on %1</source>
        <translation>Sitzungen auf %1 auswählen</translation>
    </message>
    <message>
        <source>Saved rules</source>
        <translation>Gespeicherte Regeln</translation>
    </message>
    <message>
        <source>Sa&amp;ved rules:</source>
        <translation>Gespeicherte &amp;Regeln:</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the saved rule</source>
        <translation>Die gespeicherte Regel löschen</translation>
    </message>
    <message>
        <source>Sessions that match all of these (empty: any)</source>
        <translation>Sitzungen, auf die all dies zutrifft (leer: beliebig)</translation>
    </message>
    <message>
        <source>State %1</source>
        <translation>Zustand %1</translation>
    </message>
    <message>
        <source>State is any of:</source>
        <translation>Zustand ist einer von:</translation>
    </message>
    <message>
        <source>Idle in transaction for at least, seconds</source>
        <translation>Mindestens so lange untätig in Transaktion, Sekunden</translation>
    </message>
    <message>
        <source>Query running for at least, seconds</source>
        <translation>Abfrage läuft mindestens, Sekunden</translation>
    </message>
    <message>
        <source>Transaction older than, seconds</source>
        <translation>Transaktion älter als, Sekunden</translation>
    </message>
    <message>
        <source>&amp;Idle in transaction for at least:</source>
        <translation>&amp;Untätig in Transaktion seit mindestens:</translation>
    </message>
    <message>
        <source>&amp;Query running for at least:</source>
        <translation>Abfrage läuft seit &amp;mindestens:</translation>
    </message>
    <message>
        <source>&amp;Transaction older than:</source>
        <translation>&amp;Transaktion älter als:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>B&amp;enutzer:</translation>
    </message>
    <message>
        <source>&amp;Application:</source>
        <translation>&amp;Anwendung:</translation>
    </message>
    <message>
        <source>Data&amp;base:</source>
        <translation>Daten&amp;bank:</translation>
    </message>
    <message>
        <source>&amp;Client address:</source>
        <translation>&amp;Client-Adresse:</translation>
    </message>
    <message>
        <source>&amp;Wait event:</source>
        <translation>&amp;Warteereignis:</translation>
    </message>
    <message>
        <source>Backend t&amp;ype:</source>
        <translation>Backend-T&amp;yp:</translation>
    </message>
    <message>
        <source>any; * matches any characters, ? one</source>
        <translation>beliebig; * passt auf beliebige Zeichen, ? auf eines</translation>
    </message>
    <message>
        <source>any; &quot;Lock&quot;, &quot;Lock: transactionid&quot;, &quot;ClientRead&quot;, * and ?</source>
        <translation>beliebig; „Lock“, „Lock: transactionid“, „ClientRead“, * und ?</translation>
    </message>
    <message>
        <source>Sessions that match now</source>
        <translation>Sitzungen, die jetzt passen</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>Rule name</source>
        <translation>Name der Regel</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Save rule</source>
        <translation>Regel &amp;speichern</translation>
    </message>
    <message>
        <source>Se&amp;lect them</source>
        <translation>S&amp;ie auswählen</translation>
    </message>
    <message>
        <source>Sessions where %1.</source>
        <translation>Sitzungen, bei denen %1.</translation>
    </message>
    <message>
        <source>No condition yet: a rule needs at least one.</source>
        <translation>Noch keine Bedingung: Eine Regel braucht mindestens eine.</translation>
    </message>
    <message>
        <source>The server has not been polled yet: nothing to count.</source>
        <translation>Der Server wurde noch nicht abgefragt: nichts zu zählen.</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) match now.</source>
        <translation>
            <numerusform>%n Sitzung passt jetzt.</numerusform>
            <numerusform>%n Sitzungen passen jetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>(a new rule)</source>
        <translation>(eine neue Regel)</translation>
    </message>
    <message>
        <source>The rule could not be saved: the settings file cannot be written.</source>
        <translation>Die Regel konnte nicht gespeichert werden: Die Einstellungsdatei ist nicht schreibbar.</translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot; is armed on this server: disarm it first.</source>
        <translation>Regel „%1“ ist auf diesem Server scharf geschaltet: zuerst entschärfen.</translation>
    </message>
    <message>
        <source>client backends; name a type (&quot;walsender&quot;, &quot;autovacuum worker&quot;, *) for others</source>
        <translation>Client-Backends; für andere einen Typ nennen („walsender“, „autovacuum worker“, *)</translation>
    </message>
</context>
<context>
    <name>ServerImport</name>
    <message>
        <source>%1 could not be read (%2).</source>
        <translation>%1 konnte nicht gelesen werden (%2).</translation>
    </message>
    <message>
        <source>%1 could not be read (%2). libpq stops at a service file it cannot read, so the services of %3 are not listed: none of them would connect.</source>
        <translation>%1 konnte nicht gelesen werden (%2). libpq hört bei einer Dienstdatei auf, die es nicht lesen kann, darum sind die Dienste aus %3 nicht aufgeführt: keiner von ihnen würde sich verbinden.</translation>
    </message>
    <message>
        <source>%1 begins with a byte-order mark, which libpq reads as part of its first line: the service there is not listed, as libpq does not see it. Save the file as UTF-8 without a BOM.</source>
        <translation>%1 beginnt mit einer Byte-Order-Markierung, die libpq als Teil der ersten Zeile liest: der Dienst dort ist nicht aufgeführt, da libpq ihn nicht sieht. Speichern Sie die Datei als UTF-8 ohne BOM.</translation>
    </message>
    <message>
        <source>a URI holds no blank (write a space as %20); to leave a note after it, start the note with #</source>
        <translation>eine URI enthält kein Leerzeichen (schreiben Sie ein Leerzeichen als %20); für eine Notiz dahinter beginnen Sie die Notiz mit #</translation>
    </message>
    <message>
        <source>PGSERVICEFILE is set to nothing, so libpq finds no service at all (it says: service file &quot;&quot; not found).</source>
        <translation>PGSERVICEFILE ist leer gesetzt, darum findet libpq überhaupt keinen Dienst (es meldet: service file &quot;&quot; not found).</translation>
    </message>
    <message>
        <source>%1: the service [%2] is not listed: a profile cannot name it, as its name is not UTF-8 or begins with a byte-order mark.</source>
        <translation>%1: der Dienst [%2] ist nicht aufgeführt: ein Profil kann ihn nicht nennen, da sein Name kein UTF-8 ist oder mit einer Byte-Order-Markierung beginnt.</translation>
    </message>
</context>
<context>
    <name>ServerListDialog</name>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Saved servers are watched at every start, in this order. Passwords are never saved with them.</source>
        <translation>Gespeicherte Server werden bei jedem Start in dieser Reihenfolge beobachtet. Passwörter werden nie mit ihnen gespeichert.</translation>
    </message>
    <message>
        <source>Saved servers</source>
        <translation>Gespeicherte Server</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen …</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>&amp;Duplizieren</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Move u&amp;p</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Ctrl+Up</source>
        <translation>Strg+Hoch</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>Ctrl+Down</source>
        <translation>Strg+Runter</translation>
    </message>
    <message>
        <source> [production]</source>
        <translation> [Produktion]</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Services from pg_service.conf, or connection strings pasted one per line</source>
        <translation>Dienste aus pg_service.conf, oder eingefügte Verbindungszeichenketten, eine pro Zeile</translation>
    </message>
    <message>
        <source> — group %1</source>
        <translation> — Gruppe %1</translation>
    </message>
    <message>
        <source> — Patroni cluster</source>
        <translation> — Patroni-Cluster</translation>
    </message>
    <message>
        <source>Patroni cluster at %1; each member reached with: %2</source>
        <translation>Patroni-Cluster auf %1; jedes Mitglied erreicht mit: %2</translation>
    </message>
    <message>
        <source>Set &amp;group…</source>
        <translation>&amp;Gruppe festlegen…</translation>
    </message>
    <message>
        <source>The folder of the selected servers in the server tree</source>
        <translation>Der Ordner der ausgewählten Server im Serverbaum</translation>
    </message>
    <message>
        <source>Re&amp;name group…</source>
        <translation>Gruppe umbe&amp;nennen…</translation>
    </message>
    <message>
        <source>A new name for the group of the current server, for every server in it</source>
        <translation>Ein neuer Name für die Gruppe des aktuellen Servers, für alle Server darin</translation>
    </message>
    <message>
        <source>Set group</source>
        <translation>Gruppe festlegen</translation>
    </message>
    <message>
        <source>&amp;Group of %1 (empty: none):</source>
        <translation>&amp;Gruppe von %1 (leer: keine):</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Group of the %n selected server(s) (empty: none):</source>
        <translation>
            <numerusform>&amp;Gruppe des %n ausgewählten Servers (leer: keine):</numerusform>
            <numerusform>&amp;Gruppe der %n ausgewählten Server (leer: keine):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerProfile</name>
    <message>
        <source>The port must be between 1 and 65535.</source>
        <translation>Der Port muss zwischen 1 und 65535 liegen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an SSL mode; use one of %2.</source>
        <translation>„%1“ ist kein SSL-Modus; erlaubt sind %2.</translation>
    </message>
    <message>
        <source>Leave the password out of the connection string: profiles are saved without passwords. pgsessions asks for it when the server wants one, and can keep it in the system keychain.</source>
        <translation>Lassen Sie das Passwort aus der Verbindungszeichenkette weg: Profile werden ohne Passwörter gespeichert. pgsessions fragt danach, wenn der Server eines verlangt, und kann es im System-Schlüsselbund aufbewahren.</translation>
    </message>
    <message>
        <source>(invalid connection)</source>
        <translation>(ungültige Verbindung)</translation>
    </message>
    <message>
        <source>A Patroni cluster needs the REST address of one of its members, such as http://db1:8008.</source>
        <translation>Ein Patroni-Cluster braucht die REST-Adresse eines seiner Mitglieder, etwa http://db1:8008.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a REST address: give one such as http://db1:8008.</source>
        <translation>„%1“ ist keine REST-Adresse: Geben Sie eine wie http://db1:8008 an.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a REST address: Patroni answers over http or https, not %2.</source>
        <translation>„%1“ ist keine REST-Adresse: Patroni antwortet über http oder https, nicht über %2.</translation>
    </message>
    <message>
        <source>Patroni at %1</source>
        <translation>Patroni auf %1</translation>
    </message>
    <message>
        <source>(invalid REST address)</source>
        <translation>(ungültige REST-Adresse)</translation>
    </message>
    <message>
        <source>The REST address holds a user name or password: give it without them (%1). A profile never holds a password, and Patroni&apos;s member list needs none.</source>
        <translation>Die REST-Adresse enthält einen Benutzernamen oder ein Passwort: Geben Sie sie ohne an (%1). Ein Profil enthält nie ein Passwort, und Patronis Mitgliederliste braucht keines.</translation>
    </message>
    <message>
        <source>The REST address is %1: certificate files are used over https only. Give an https:// address, or leave them out.</source>
        <translation>Die REST-Adresse ist %1: Zertifikatsdateien gelten nur für https. Geben Sie eine https://-Adresse an oder lassen Sie sie weg.</translation>
    </message>
    <message>
        <source>The REST client certificate needs its key.</source>
        <translation>Das REST-Client-Zertifikat braucht seinen Schlüssel.</translation>
    </message>
    <message>
        <source>The REST client key needs its certificate.</source>
        <translation>Der REST-Client-Schlüssel braucht sein Zertifikat.</translation>
    </message>
</context>
<context>
    <name>ServerProfileDialog</name>
    <message>
        <source>Add server</source>
        <translation>Server hinzufügen</translation>
    </message>
    <message>
        <source>Edit server</source>
        <translation>Server bearbeiten</translation>
    </message>
    <message>
        <source>(from the connection)</source>
        <translation>(aus der Verbindung)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Rot</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>Orange</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>Gelb</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Grün</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Blau</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>Violett</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
    <message>
        <source>Other…</source>
        <translation>Andere …</translation>
    </message>
    <message>
        <source>Server colour</source>
        <translation>Serverfarbe</translation>
    </message>
    <message>
        <source>Co&amp;lour:</source>
        <translation>Fa&amp;rbe:</translation>
    </message>
    <message>
        <source>&amp;Production server: ending sessions needs the count or the database name typed</source>
        <translation>&amp;Produktionsserver: Zum Beenden von Sitzungen muss die Anzahl oder der Datenbankname eingetippt werden</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>&amp;Fields</source>
        <translation>&amp;Felder</translation>
    </message>
    <message>
        <source>Connection &amp;string, URI or service</source>
        <translation>Verbindungs&amp;zeichenkette, URI oder Dienst</translation>
    </message>
    <message>
        <source>(local socket, or PGHOST)</source>
        <translation>(lokaler Socket oder PGHOST)</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>(postgres, else template1)</source>
        <translation>(postgres, sonst template1)</translation>
    </message>
    <message>
        <source>Maintenance &amp;database:</source>
        <translation>Wartungs&amp;datenbank:</translation>
    </message>
    <message>
        <source>(your login name, or PGUSER)</source>
        <translation>(Ihr Anmeldename oder PGUSER)</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>Ben&amp;utzer:</translation>
    </message>
    <message>
        <source>default (prefer)</source>
        <translation>Standard (prefer)</translation>
    </message>
    <message>
        <source>(~/.postgresql/root.crt)</source>
        <translation>(~/.postgresql/root.crt)</translation>
    </message>
    <message>
        <source>Root &amp;certificate:</source>
        <translation>Wurzelzert&amp;ifikat:</translation>
    </message>
    <message>
        <source>(~/.postgresql/postgresql.crt)</source>
        <translation>(~/.postgresql/postgresql.crt)</translation>
    </message>
    <message>
        <source>(~/.postgresql/postgresql.key)</source>
        <translation>(~/.postgresql/postgresql.key)</translation>
    </message>
    <message>
        <source>default (10 s)</source>
        <translation>Standard (10 s)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Connect &amp;timeout:</source>
        <translation>Ver&amp;bindungs-Zeitlimit:</translation>
    </message>
    <message>
        <source>Connection string</source>
        <translation>Verbindungszeichenkette</translation>
    </message>
    <message>
        <source>Anything libpq accepts: keyword=value pairs, a postgresql:// URI, or service=NAME from pg_service.conf. .pgpass and the PG* variables apply as in psql.</source>
        <translation>Alles, was libpq annimmt: Schlüsselwort=Wert-Paare, eine postgresql://-URI oder service=NAME aus pg_service.conf. .pgpass und die PG*-Variablen gelten wie in psql.</translation>
    </message>
    <message>
        <source>(asked when the server wants one)</source>
        <translation>(wird erfragt, wenn der Server eines verlangt)</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>No system keychain is available (%1): the password is asked for each time, never saved.</source>
        <translation>Kein System-Schlüsselbund verfügbar (%1): Das Passwort wird jedes Mal erfragt, nie gespeichert.</translation>
    </message>
    <message>
        <source>T&amp;est connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Type a connection string, a postgresql:// URI or service=NAME.</source>
        <translation>Geben Sie eine Verbindungszeichenkette, eine postgresql://-URI oder service=NAME ein.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1 …</translation>
    </message>
    <message>
        <source>The server wants a password: type it above (or put it in ~/.pgpass).</source>
        <translation>Der Server verlangt ein Passwort: Geben Sie es oben ein (oder tragen Sie es in ~/.pgpass ein).</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Automatic: PostgreSQL, or PgBouncer&apos;s admin console if that answers</source>
        <translation>Automatisch: PostgreSQL, oder die Admin-Konsole von PgBouncer, wenn diese antwortet</translation>
    </message>
    <message>
        <source>PostgreSQL (directly or through a pooler)</source>
        <translation>PostgreSQL (direkt oder über einen Pooler)</translation>
    </message>
    <message>
        <source>PgBouncer admin console (database pgbouncer)</source>
        <translation>Admin-Konsole von PgBouncer (Datenbank pgbouncer)</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>Pooler in front</source>
        <translation>Vorgeschalteter Pooler</translation>
    </message>
    <message>
        <source>The PgBouncer in front of this server: its clients show beside the backends they use, and a kill-all can shut them out at the pooler too</source>
        <translation>Der PgBouncer vor diesem Server: seine Clients erscheinen neben den Backends, die sie nutzen, und „Alle Verbindungen beenden“ kann sie auch am Pooler aussperren</translation>
    </message>
    <message>
        <source>(none: at the top of the tree)</source>
        <translation>(keine: oben im Baum)</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>The folder the server is shown in, e.g. production or staging; type a new name for a new group.</source>
        <translation>Der Ordner, in dem der Server erscheint, z. B. production oder staging; ein neuer Name ergibt eine neue Gruppe.</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Gruppe:</translation>
    </message>
    <message>
        <source>Patroni cluster: every member its REST API lists</source>
        <translation>Patroni-Cluster: alle Mitglieder, die seine REST-API auflistet</translation>
    </message>
    <message>
        <source>Patroni REST address</source>
        <translation>Patroni-REST-Adresse</translation>
    </message>
    <message>
        <source>The REST API of any member of the cluster. Each member is watched at the host and port the cluster gives for it, with the database, user and SSL settings below.</source>
        <translation>Die REST-API eines beliebigen Mitglieds des Clusters. Jedes Mitglied wird unter dem Host und Port überwacht, die der Cluster dafür nennt, mit der Datenbank, dem Benutzer und den SSL-Einstellungen unten.</translation>
    </message>
    <message>
        <source>(each member&apos;s, from the cluster)</source>
        <translation>(die jedes Mitglieds, vom Cluster)</translation>
    </message>
    <message>
        <source>REST &amp;address:</source>
        <translation>REST-Adr&amp;esse:</translation>
    </message>
    <message>
        <source>Pooler in f&amp;ront:</source>
        <translation>&amp;Vorgeschalteter Pooler:</translation>
    </message>
    <message>
        <source>SSL &amp;mode:</source>
        <translation>SS&amp;L-Modus:</translation>
    </message>
    <message>
        <source>Client cert&amp;ificate:</source>
        <translation>Client-Zertifi&amp;kat:</translation>
    </message>
    <message>
        <source>Client ke&amp;y:</source>
        <translation>Client-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Remem&amp;ber it in the system keychain</source>
        <translation>Im System-Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <source>REST CA certificate</source>
        <translation>REST-CA-Zertifikat</translation>
    </message>
    <message>
        <source>(https: the system&apos;s CAs)</source>
        <translation>(https: die CAs des Systems)</translation>
    </message>
    <message>
        <source>A PEM file with the CA that signed the REST API&apos;s certificate (Patroni&apos;s restapi cafile), trusted besides the system&apos;s</source>
        <translation>Eine PEM-Datei mit der CA, die das Zertifikat der REST-API signiert hat (cafile in Patronis restapi), vertraut zusätzlich zu denen des Systems</translation>
    </message>
    <message>
        <source>REST client certificate</source>
        <translation>REST-Client-Zertifikat</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>A PEM file with the client certificate the REST API asks for (Patroni&apos;s verify_client)</source>
        <translation>Eine PEM-Datei mit dem Client-Zertifikat, das die REST-API verlangt (Patronis verify_client)</translation>
    </message>
    <message>
        <source>REST client key</source>
        <translation>REST-Client-Schlüssel</translation>
    </message>
    <message>
        <source>REST CA certificate:</source>
        <translation>REST-CA-Zertifikat:</translation>
    </message>
    <message>
        <source>REST client certificate:</source>
        <translation>REST-Client-Zertifikat:</translation>
    </message>
    <message>
        <source>REST client key:</source>
        <translation>REST-Client-Schlüssel:</translation>
    </message>
    <message>
        <source>A PEM file with the client certificate&apos;s key; if it is locked with a passphrase, pgsessions asks for it</source>
        <translation>Eine PEM-Datei mit dem Schlüssel des Client-Zertifikats; ist er mit einer Passphrase gesperrt, fragt pgsessions danach</translation>
    </message>
</context>
<context>
    <name>ServerRegistry</name>
    <message>
        <source>Server %1 is not watched: %2</source>
        <translation>Server %1 wird nicht beobachtet: %2</translation>
    </message>
    <message>
        <source>The system keychain did not keep the password: %1</source>
        <translation>Der System-Schlüsselbund hat das Passwort nicht behalten: %1</translation>
    </message>
    <message>
        <source>No system keychain is available (%1): pgsessions will ask for the password each time; it is never saved in plain text.</source>
        <translation>Kein System-Schlüsselbund verfügbar (%1): pgsessions fragt jedes Mal nach dem Passwort; es wird nie im Klartext gespeichert.</translation>
    </message>
    <message>
        <source>The system keychain did not give the password: %1</source>
        <translation>Der System-Schlüsselbund hat das Passwort nicht herausgegeben: %1</translation>
    </message>
    <message>
        <source>No password given for %1: press F5 to be asked again.</source>
        <translation>Kein Passwort für %1 angegeben: F5 drücken, um erneut gefragt zu werden.</translation>
    </message>
    <message>
        <source>No pooler is linked in front of this server.</source>
        <translation>Diesem Server ist kein Pooler vorgeschaltet.</translation>
    </message>
    <message>
        <source>The pooler %1 has not answered yet: %2</source>
        <translation>Der Pooler %1 hat noch nicht geantwortet: %2</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>The pooler %1 has no database that leads to &quot;%2&quot;.</source>
        <translation>Der Pooler %1 hat keine Datenbank, die zu „%2“ führt.</translation>
    </message>
    <message>
        <source>Patroni cluster %1 is not watched: %2</source>
        <translation>Patroni-Cluster %1 wird nicht überwacht: %2</translation>
    </message>
    <message>
        <source>%1 (member %2)</source>
        <translation>%1 (Mitglied %2)</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>The system keychain did not keep the REST client key&apos;s passphrase: %1</source>
        <translation>Der System-Schlüsselbund hat die Passphrase des REST-Client-Schlüssels nicht behalten: %1</translation>
    </message>
    <message>
        <source>No system keychain is available (%1): pgsessions will ask for the REST client key&apos;s passphrase each time; it is never saved in plain text.</source>
        <translation>Kein System-Schlüsselbund verfügbar (%1): pgsessions fragt jedes Mal nach der Passphrase des REST-Client-Schlüssels; sie wird nie im Klartext gespeichert.</translation>
    </message>
    <message>
        <source>The system keychain did not give the REST client key&apos;s passphrase: %1</source>
        <translation>Der System-Schlüsselbund hat die Passphrase des REST-Client-Schlüssels nicht herausgegeben: %1</translation>
    </message>
    <message>
        <source>No passphrase given for the REST client key of Patroni cluster %1: its members are not followed. Press F5 to be asked again.</source>
        <translation>Keine Passphrase für den REST-Client-Schlüssel des Patroni-Clusters %1 angegeben: Seine Mitglieder werden nicht verfolgt. F5 drücken, um erneut gefragt zu werden.</translation>
    </message>
    <message>
        <source>The passphrase kept in the system keychain does not open it.</source>
        <translation>Die im System-Schlüsselbund gespeicherte Passphrase öffnet ihn nicht.</translation>
    </message>
</context>
<context>
    <name>ServerTreeModel</name>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source> [production]</source>
        <translation> [Produktion]</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source> (%1 active, %2 idle in tx)</source>
        <translation> (%1 aktiv, %2 untätig in Tx)</translation>
    </message>
    <message>
        <source> — not accepting connections</source>
        <translation> — nimmt keine Verbindungen an</translation>
    </message>
    <message>
        <source>%1 does not accept new connections (datallowconn is false)</source>
        <translation>%1 nimmt keine neuen Verbindungen an (datallowconn ist false)</translation>
    </message>
    <message>
        <source> (%1 active, %2 idle in tx, %3 hidden)</source>
        <translation> (%1 aktiv, %2 untätig in Tx, %3 verborgen)</translation>
    </message>
    <message numerus="yes">
        <source> — %n blocked</source>
        <translation>
            <numerusform> — %n blockiert</numerusform>
            <numerusform> — %n blockiert</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — clients %2 active, %3 waiting · servers %4 active, %5 idle</source>
        <translation>%1 — Clients %2 aktiv, %3 wartend · Server %4 aktiv, %5 frei</translation>
    </message>
    <message>
        <source> · longest wait %1 s</source>
        <translation> · längste Wartezeit %1 s</translation>
    </message>
    <message>
        <source> — paused</source>
        <translation> — pausiert</translation>
    </message>
    <message>
        <source> — disabled</source>
        <translation> — deaktiviert</translation>
    </message>
    <message>
        <source>%1 → database &quot;%2&quot; on %3:%4 (%5 pooling)</source>
        <translation>%1 → Datenbank „%2“ auf %3:%4 (%5-Pooling)</translation>
    </message>
    <message numerus="yes">
        <source> — watchdog &quot;%1&quot; armed (%n ended)</source>
        <translation>
            <numerusform> — Wächter „%1“ scharf (%n beendet)</numerusform>
            <numerusform> — Wächter „%1“ scharf (%n beendet)</numerusform>
        </translation>
    </message>
    <message>
        <source>Sessions over the last 10 minutes: %1 to %2, now %3</source>
        <translation>Sitzungen in den letzten 10 Minuten: %1 bis %2, jetzt %3</translation>
    </message>
    <message numerus="yes">
        <source> · %n session(s)</source>
        <translation>
            <numerusform> · %n Sitzung</numerusform>
            <numerusform> · %n Sitzungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %n unreachable</source>
        <translation>
            <numerusform> — %n nicht erreichbar</numerusform>
            <numerusform> — %n nicht erreichbar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %n waiting for a password</source>
        <translation>
            <numerusform> — %n wartet auf ein Passwort</numerusform>
            <numerusform> — %n warten auf ein Passwort</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %n paused</source>
        <translation>
            <numerusform> — %n pausiert</numerusform>
            <numerusform> — %n pausiert</numerusform>
        </translation>
    </message>
    <message>
        <source>All servers</source>
        <translation>Alle Server</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n Server</numerusform>
            <numerusform>%n Servern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Patroni, %n member(s)</source>
        <translation>
            <numerusform>Patroni, %n Mitglied</numerusform>
            <numerusform>Patroni, %n Mitglieder</numerusform>
        </translation>
    </message>
    <message>
        <source> · leader %1</source>
        <translation> · Leader %1</translation>
    </message>
    <message>
        <source> · no leader</source>
        <translation> · kein Leader</translation>
    </message>
    <message>
        <source> · failover paused</source>
        <translation> · Failover pausiert</translation>
    </message>
    <message>
        <source> — REST API: %1</source>
        <translation> — REST-API: %1</translation>
    </message>
    <message>
        <source> — asking the REST API…</source>
        <translation> — REST-API wird gefragt…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source> — %n member(s) listed without an address, not watched: %1</source>
        <translation>
            <numerusform> — %n Mitglied ohne Adresse aufgeführt, nicht beobachtet: %1</numerusform>
            <numerusform> — %n Mitglieder ohne Adresse aufgeführt, nicht beobachtet: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %n Patroni cluster(s) not answering</source>
        <translation>
            <numerusform> — %n Patroni-Cluster antwortet nicht</numerusform>
            <numerusform> — %n Patroni-Cluster antworten nicht</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerTreeView</name>
    <message>
        <source>Servers and databases</source>
        <translation>Server und Datenbanken</translation>
    </message>
</context>
<context>
    <name>ServerWorker</name>
    <message>
        <source>PostgreSQL %1 is not supported: pgsessions needs PostgreSQL 10 or later.</source>
        <translation>PostgreSQL %1 wird nicht unterstützt: pgsessions erfordert PostgreSQL 10 oder neuer.</translation>
    </message>
    <message>
        <source>The server did not answer the poll within %1 s; it was cancelled and will be tried again.</source>
        <translation>Der Server hat die Abfrage nicht innerhalb von %1 s beantwortet; sie wurde abgebrochen und wird erneut versucht.</translation>
    </message>
    <message>
        <source>This address is a PostgreSQL server (%1), not PgBouncer&apos;s admin console: make the server&apos;s kind PostgreSQL or Automatic.</source>
        <translation>Diese Adresse ist ein PostgreSQL-Server (%1), nicht die Admin-Konsole von PgBouncer: stellen Sie die Art des Servers auf PostgreSQL oder Automatisch.</translation>
    </message>
    <message>
        <source>The pooler did not answer the poll within %1 s; it was cancelled and will be tried again.</source>
        <translation>Der Pooler hat die Abfrage nicht innerhalb von %1 s beantwortet; sie wurde abgebrochen und wird erneut versucht.</translation>
    </message>
</context>
<context>
    <name>ServersConfirmDialog</name>
    <message>
        <source>Cancel queries</source>
        <translation>Abfragen abbrechen</translation>
    </message>
    <message>
        <source>Terminate sessions</source>
        <translation>Sitzungen beenden</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n Sitzung</numerusform>
            <numerusform>%n Sitzungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n Server</numerusform>
            <numerusform>%n Servern</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel the running queries of %1 on %2?</source>
        <translation>Die laufenden Abfragen von %1 auf %2 abbrechen?</translation>
    </message>
    <message>
        <source>Terminate %1 on %2?</source>
        <translation>%1 auf %2 beenden?</translation>
    </message>
    <message>
        <source>Each server&apos;s part runs on that server, all at once.</source>
        <translation>Der Teil jedes Servers läuft auf diesem Server, alle gleichzeitig.</translation>
    </message>
    <message>
        <source>%1 (production)</source>
        <translation>%1 (Produktion)</translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <source>Confirmation for %1</source>
        <translation>Bestätigung für %1</translation>
    </message>
    <message>
        <source>Cancel &amp;queries</source>
        <translation>Abfragen &amp;abbrechen</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Terminate %n session(s)</source>
        <translation>
            <numerusform>%n Sitzung &amp;beenden</numerusform>
            <numerusform>%n Sitzungen &amp;beenden</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;No, keep them</source>
        <translation>&amp;Nein, behalten</translation>
    </message>
    <message>
        <source>Each server&apos;s part</source>
        <translation>Der Teil jedes Servers</translation>
    </message>
    <message>
        <source>Not answering since the last poll, sessions as last seen: %1. The server&apos;s part says why.</source>
        <translation>Antwortet seit der letzten Abfrage nicht, Sitzungen wie zuletzt gesehen: %1. Der Teil des Servers sagt, warum.</translation>
    </message>
</context>
<context>
    <name>SessionActions</name>
    <message>
        <source>&amp;Terminate…</source>
        <translation>&amp;Beenden …</translation>
    </message>
    <message>
        <source>End the selected sessions (pg_terminate_backend)</source>
        <translation>Die ausgewählten Sitzungen beenden (pg_terminate_backend)</translation>
    </message>
    <message>
        <source>&amp;Cancel query…</source>
        <translation>Abfrage &amp;abbrechen …</translation>
    </message>
    <message>
        <source>Cancel the running queries of the selected sessions (pg_cancel_backend)</source>
        <translation>Die laufenden Abfragen der ausgewählten Sitzungen abbrechen (pg_cancel_backend)</translation>
    </message>
    <message>
        <source>&amp;Kill all connections…</source>
        <translation>Alle &amp;Verbindungen beenden …</translation>
    </message>
    <message>
        <source>End every connection of the database selected in the tree</source>
        <translation>Jede Verbindung der im Baum ausgewählten Datenbank beenden</translation>
    </message>
    <message>
        <source>Copy the selected rows as text</source>
        <translation>Die ausgewählten Zeilen als Text kopieren</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;CSV exportieren …</translation>
    </message>
    <message>
        <source>Save the shown rows as CSV</source>
        <translation>Die angezeigten Zeilen als CSV speichern</translation>
    </message>
    <message>
        <source>The server was removed while the dialog was open: nothing was done.</source>
        <translation>Der Server wurde entfernt, während der Dialog offen war: Es wurde nichts getan.</translation>
    </message>
    <message>
        <source>Export sessions</source>
        <translation>Sitzungen exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written to %1</source>
        <translation>
            <numerusform>%n Zeile nach %1 geschrieben</numerusform>
            <numerusform>%n Zeilen nach %1 geschrieben</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Allow connections…</source>
        <translation>Verbindungen &amp;erlauben …</translation>
    </message>
    <message>
        <source>Let the database selected in the tree accept new connections again, whatever blocked it</source>
        <translation>Die im Baum gewählte Datenbank wieder neue Verbindungen annehmen lassen, gleich wodurch sie gesperrt wurde</translation>
    </message>
    <message>
        <source>&amp;Block new connections…</source>
        <translation>&amp;Neue Verbindungen sperren …</translation>
    </message>
    <message>
        <source>Refuse new connections to the database selected in the tree (those connected stay)</source>
        <translation>Neue Verbindungen zur im Baum gewählten Datenbank abweisen (verbundene bleiben)</translation>
    </message>
    <message>
        <source>Not on a standby: ALTER DATABASE cannot run there.</source>
        <translation>Nicht auf einem Standby: ALTER DATABASE ist dort nicht möglich.</translation>
    </message>
    <message>
        <source>Nothing was done: %1</source>
        <translation>Es wurde nichts getan: %1</translation>
    </message>
    <message>
        <source>End every client connection of every database on the server selected in the tree</source>
        <translation>Jede Client-Verbindung jeder Datenbank auf dem im Baum gewählten Server beenden</translation>
    </message>
    <message>
        <source>End the sessions of the database selected in the tree, drop it and create it again from a template</source>
        <translation>Die Sitzungen der im Baum gewählten Datenbank beenden, sie löschen und aus einer Vorlage neu anlegen</translation>
    </message>
    <message>
        <source>Not on a standby: DROP and CREATE DATABASE cannot run there.</source>
        <translation>Nicht auf einem Standby: DROP und CREATE DATABASE sind dort nicht möglich.</translation>
    </message>
    <message>
        <source>Reset from te&amp;mplate…</source>
        <translation>Aus Vorlage &amp;zurücksetzen…</translation>
    </message>
    <message>
        <source>Removed while the dialog was open, so nothing was done there: %1</source>
        <translation>Entfernt, während der Dialog offen war, dort wurde nichts getan: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) copied</source>
        <translation>
            <numerusform>%n Zeile kopiert</numerusform>
            <numerusform>%n Zeilen kopiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Kill all connections on t&amp;his server…</source>
        <translation>Alle Verbindungen auf diesem Se&amp;rver beenden…</translation>
    </message>
    <message>
        <source>C&amp;opy rows</source>
        <translation>Zeilen &amp;kopieren</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>verbindet sich neu</translation>
    </message>
    <message>
        <source>waiting for a password</source>
        <translation>wartet auf ein Passwort</translation>
    </message>
    <message>
        <source>an error</source>
        <translation>ein Fehler</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message>
        <source>A connection of pgsessions itself: it is never terminated by pgsessions.</source>
        <translation>Eine Verbindung von pgsessions selbst: pgsessions beendet sie nie.</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Backend type</source>
        <translation>Backend-Typ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Wait event</source>
        <translation>Warteereignis</translation>
    </message>
    <message>
        <source>Blocked by</source>
        <translation>Blockiert von</translation>
    </message>
    <message>
        <source>In state</source>
        <translation>Im Zustand seit</translation>
    </message>
    <message>
        <source>Transaction age</source>
        <translation>Transaktionsalter</translation>
    </message>
    <message>
        <source>Query age</source>
        <translation>Abfragealter</translation>
    </message>
    <message>
        <source>Backend start</source>
        <translation>Backend-Start</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <source>hidden: another role&apos;s session (needs pg_read_all_stats)</source>
        <translation>verborgen: Sitzung einer anderen Rolle (erfordert pg_read_all_stats)</translation>
    </message>
    <message>
        <source>The server hides the query, state and times of other roles&apos; sessions from a role that is neither a superuser nor a member of pg_read_all_stats. Ending the session may still be allowed (pg_signal_backend).</source>
        <translation>Der Server verbirgt Abfrage, Zustand und Zeiten der Sitzungen anderer Rollen vor einer Rolle, die weder Superuser noch Mitglied von pg_read_all_stats ist. Die Sitzung zu beenden, kann trotzdem erlaubt sein (pg_signal_backend).</translation>
    </message>
    <message>
        <source>%1 (ended since)</source>
        <translation>%1 (inzwischen beendet)</translation>
    </message>
    <message>
        <source>This session has ended since the moment shown.</source>
        <translation>Diese Sitzung ist seit dem gezeigten Zeitpunkt beendet.</translation>
    </message>
    <message>
        <source>server %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Past the critical threshold (%1)</source>
        <translation>Über der kritischen Schwelle (%1)</translation>
    </message>
    <message>
        <source>Past the warning threshold (%1)</source>
        <translation>Über der Warnschwelle (%1)</translation>
    </message>
</context>
<context>
    <name>SessionRule</name>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>state is %1</source>
        <translation>Zustand ist %1</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>idle in transaction ≥ %1</source>
        <translation>untätig in Transaktion ≥ %1</translation>
    </message>
    <message>
        <source>query running ≥ %1</source>
        <translation>Abfrage läuft ≥ %1</translation>
    </message>
    <message>
        <source>transaction age ≥ %1</source>
        <translation>Transaktionsalter ≥ %1</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>wait event</source>
        <translation>Warteereignis</translation>
    </message>
    <message>
        <source>backend type</source>
        <translation>Backend-Typ</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 ist %2</translation>
    </message>
    <message>
        <source>every session</source>
        <translation>jede Sitzung</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>There is no saved rule &quot;%1&quot;: no rule is saved (pgsessions ▸ Sessions ▸ Select sessions… saves them).</source>
        <translation>Es gibt keine gespeicherte Regel „%1“: Es ist keine Regel gespeichert (pgsessions ▸ Sitzungen ▸ Sitzungen auswählen… speichert sie).</translation>
    </message>
    <message>
        <source>There is no saved rule &quot;%1&quot;; the saved ones are: %2.</source>
        <translation>Es gibt keine gespeicherte Regel „%1“; gespeichert sind: %2.</translation>
    </message>
</context>
<context>
    <name>SessionsPanel</name>
    <message>
        <source>Hide &amp;idle</source>
        <translation>&amp;Untätige ausblenden</translation>
    </message>
    <message>
        <source>Filter (Ctrl+F): text in any column or the query</source>
        <translation>Filter (Strg+F): Text in einer Spalte oder der Abfrage</translation>
    </message>
    <message>
        <source>Filter sessions</source>
        <translation>Sitzungen filtern</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>&amp;Blocking</source>
        <translation>&amp;Blockierungen</translation>
    </message>
    <message>
        <source>Who blocks whom: root blockers, the sessions waiting on each, the locks</source>
        <translation>Wer wen blockiert: Auslöser, die jeweils wartenden Sitzungen, die Sperren</translation>
    </message>
    <message>
        <source>&amp;Blocking (%1)</source>
        <translation>&amp;Blockierungen (%1)</translation>
    </message>
    <message>
        <source>&amp;Columns</source>
        <translation>&amp;Spalten</translation>
    </message>
    <message>
        <source>S&amp;ort by</source>
        <translation>S&amp;ortieren nach</translation>
    </message>
    <message>
        <source>&amp;Descending</source>
        <translation>&amp;Absteigend</translation>
    </message>
    <message>
        <source>Move the current column &amp;left</source>
        <translation>Aktuelle Spalte nach &amp;links verschieben</translation>
    </message>
    <message>
        <source>Move the current column &amp;right</source>
        <translation>Aktuelle Spalte nach &amp;rechts verschieben</translation>
    </message>
    <message numerus="yes">
        <source>A server&apos;s blocking tree stops at %1 rows: %Ln waiting session(s) not shown in it.</source>
        <translation>
            <numerusform>Der Blockierbaum eines Servers endet nach %1 Zeilen: %Ln wartende Sitzung wird darin nicht gezeigt.</numerusform>
            <numerusform>Der Blockierbaum eines Servers endet nach %1 Zeilen: %Ln wartende Sitzungen werden darin nicht gezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Its counts include every session held up.</source>
        <translation>Seine Zahlen zählen jede blockierte Sitzung mit.</translation>
    </message>
    <message>
        <source>Some of its counts are short: counting every session held up stopped at a bound of work.</source>
        <translation>Einige seiner Zahlen sind zu niedrig: Das Zählen aller blockierten Sitzungen brach an einer Aufwandsgrenze ab.</translation>
    </message>
    <message>
        <source>The sessions table lists every session, with whom it waits for (Blocked by).</source>
        <translation>Die Sitzungstabelle führt jede Sitzung, mit der, auf die sie wartet („Blockiert von“).</translation>
    </message>
    <message numerus="yes">
        <source>A server&apos;s blocking tree stops at %1 rows: under %Ln session(s) in it, not every session held up is shown.</source>
        <translation>
            <numerusform>Der Blockierbaum eines Servers endet nach %1 Zeilen: Unter %Ln Sitzung darin wird nicht jede blockierte Sitzung gezeigt.</numerusform>
            <numerusform>Der Blockierbaum eines Servers endet nach %1 Zeilen: Unter %Ln Sitzungen darin wird nicht jede blockierte Sitzung gezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hide back&amp;ground</source>
        <translation>&amp;Hintergrund ausblenden</translation>
    </message>
    <message>
        <source>Only bloc&amp;ked or blocking</source>
        <translation>Nur blockierte o&amp;der blockierende</translation>
    </message>
    <message>
        <source>Sessio&amp;ns</source>
        <translation>Sitzu&amp;ngen</translation>
    </message>
</context>
<context>
    <name>StaleBanner</name>
    <message numerus="yes">
        <source> Next attempt in %n s.</source>
        <translation>
            <numerusform> Nächster Versuch in %n s.</numerusform>
            <numerusform> Nächster Versuch in %n s.</numerusform>
        </translation>
    </message>
    <message>
        <source> Trying again…</source>
        <translation> Neuer Versuch läuft…</translation>
    </message>
    <message>
        <source>%1 does not answer: its sessions as of %2 ago are shown greyed until it does. %3</source>
        <translation>%1 antwortet nicht: Seine Sitzungen von vor %2 werden grau angezeigt, bis er wieder antwortet. %3</translation>
    </message>
    <message>
        <source>%1 cannot be reached: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message numerus="yes">
        <source>%1 (retrying in %n s)</source>
        <translation>
            <numerusform>%1 (neuer Versuch in %n s)</numerusform>
            <numerusform>%1 (neuer Versuch in %n s)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (F5 asks again)</source>
        <translation>%1 (F5 fragt erneut)</translation>
    </message>
    <message>
        <source> — role %1 cannot see other roles&apos; queries (needs pg_read_all_stats)</source>
        <translation> — Rolle %1 sieht die Abfragen anderer Rollen nicht (erfordert pg_read_all_stats)</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) shown</source>
        <translation>
            <numerusform>%n Sitzung angezeigt</numerusform>
            <numerusform>%n Sitzungen angezeigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) blocked, oldest wait %1</source>
        <translation>
            <numerusform>%n Sitzung blockiert, älteste Wartezeit %1</numerusform>
            <numerusform>%n Sitzungen blockiert, älteste Wartezeit %1</numerusform>
        </translation>
    </message>
    <message>
        <source>, watchdog &quot;%1&quot; armed</source>
        <translation>, Wächter „%1“ scharf</translation>
    </message>
</context>
<context>
    <name>Watchdog</name>
    <message>
        <source>Watchdog &quot;%1&quot; on %2 disarmed.</source>
        <translation>Wächter „%1“ auf %2 entschärft.</translation>
    </message>
    <message>
        <source>Watchdog &quot;%1&quot; on %2 stopped: %3</source>
        <translation>Wächter „%1“ auf %2 angehalten: %3</translation>
    </message>
    <message numerus="yes">
        <source>it would end %n session(s) now, past its limit of %1 a minute (%2 in the last minute); nothing more was ended.</source>
        <translation>
            <numerusform>Er würde jetzt %n Sitzung beenden, über seiner Grenze von %1 pro Minute (%2 in der letzten Minute); es wurde nichts weiter beendet.</numerusform>
            <numerusform>Er würde jetzt %n Sitzungen beenden, über seiner Grenze von %1 pro Minute (%2 in der letzten Minute); es wurde nichts weiter beendet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WatchdogDialog</name>
    <message>
        <source>Arm a watchdog on %1</source>
        <translation>Wächter auf %1 scharf schalten</translation>
    </message>
    <message>
        <source>While armed, every poll of &lt;b&gt;%1&lt;/b&gt; ends the sessions the rule matches, pgsessions&apos; own never. Each firing is logged and journaled with the rule&apos;s name. It stops by itself when it would end more sessions a minute than its limit, and can be disarmed at once from the server&apos;s node.</source>
        <translation>Solange er scharf ist, beendet jede Abfrage von &lt;b&gt;%1&lt;/b&gt; die Sitzungen, auf die die Regel passt, nie die von pgsessions. Jedes Auslösen wird mit dem Namen der Regel protokolliert und ins Journal geschrieben. Er hält von selbst an, wenn er mehr Sitzungen pro Minute beenden würde als seine Grenze, und lässt sich am Knoten des Servers sofort entschärfen.</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>&amp;Rule:</source>
        <translation>&amp;Regel:</translation>
    </message>
    <message>
        <source>&amp;Terminate them</source>
        <translation>Sie &amp;beenden</translation>
    </message>
    <message>
        <source>Then:</source>
        <translation>Dann:</translation>
    </message>
    <message>
        <source> a minute</source>
        <translation> pro Minute</translation>
    </message>
    <message>
        <source>Limit of sessions a minute</source>
        <translation>Grenze an Sitzungen pro Minute</translation>
    </message>
    <message>
        <source>Sessions it would end now</source>
        <translation>Sitzungen, die er jetzt beenden würde</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is a production server.&lt;/b&gt; Type &lt;b&gt;%1&lt;/b&gt; to arm:</source>
        <translation>&lt;b&gt;%1 ist ein Produktionsserver.&lt;/b&gt; Zum Scharfschalten &lt;b&gt;%1&lt;/b&gt; eingeben:</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Bestätigung</translation>
    </message>
    <message>
        <source>&amp;Arm</source>
        <translation>&amp;Scharf schalten</translation>
    </message>
    <message>
        <source>No rule is saved yet: save one in Select sessions… first.</source>
        <translation>Noch keine Regel gespeichert: zuerst eine in „Sitzungen auswählen…“ speichern.</translation>
    </message>
    <message>
        <source>The server has not been polled yet.</source>
        <translation>Der Server wurde noch nicht abgefragt.</translation>
    </message>
    <message numerus="yes">
        <source>Armed now, it would cancel the queries of %n session(s) at once.</source>
        <translation>
            <numerusform>Jetzt scharf geschaltet, würde er sofort die Abfrage von %n Sitzung abbrechen.</numerusform>
            <numerusform>Jetzt scharf geschaltet, würde er sofort die Abfragen von %n Sitzungen abbrechen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Armed now, it would terminate %n session(s) at once.</source>
        <translation>
            <numerusform>Jetzt scharf geschaltet, würde er sofort %n Sitzung beenden.</numerusform>
            <numerusform>Jetzt scharf geschaltet, würde er sofort %n Sitzungen beenden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule &quot;%1&quot;: sessions where %2.</source>
        <translation>Regel „%1“: Sitzungen, bei denen %2.</translation>
    </message>
    <message>
        <source>That is more than its limit: it would stop at its first poll without ending any.</source>
        <translation>Das ist mehr als seine Grenze: Er würde bei seiner ersten Abfrage anhalten, ohne eine zu beenden.</translation>
    </message>
    <message>
        <source>Cancel their &amp;queries</source>
        <translation>Ihre &amp;Abfragen abbrechen</translation>
    </message>
    <message>
        <source>Stop past this many sessions (&amp;limit):</source>
        <translation>Über so vielen Sitzungen anhalten (&amp;Grenze):</translation>
    </message>
    <message>
        <source>The server&apos;s rows are out of date (it is not answering): what the rule would end now cannot be said.</source>
        <translation>Die Zeilen des Servers sind veraltet (er antwortet nicht): Was die Regel jetzt beenden würde, lässt sich nicht sagen.</translation>
    </message>
</context>
<context>
    <name>activity_query</name>
    <message>
        <source>The server returned %1 columns for the activity poll, %2 were expected.</source>
        <translation>Der Server lieferte %1 Spalten für die Aktivitätsabfrage, erwartet wurden %2.</translation>
    </message>
    <message>
        <source>The server returned %1 columns for the locks, %2 were expected.</source>
        <translation>Der Server lieferte %1 Spalten für die Sperren, erwartet waren %2.</translation>
    </message>
    <message>
        <source>The server listed session %1 as unchanged since the last poll, in whole or in part, but that poll saw it otherwise.</source>
        <translation>Der Server hat Sitzung %1 ganz oder teilweise als seit der letzten Abfrage unverändert gemeldet, aber diese Abfrage hat sie anders gesehen.</translation>
    </message>
    <message numerus="yes">
        <source>The server listed %n session(s) as unchanged since the last poll, but not all of them are the backends that poll saw.</source>
        <translation>
            <numerusform>Der Server hat %n Sitzung als seit der letzten Abfrage unverändert gemeldet, aber sie ist nicht der Backend-Prozess, den diese Abfrage gesehen hat.</numerusform>
            <numerusform>Der Server hat %n Sitzungen als seit der letzten Abfrage unverändert gemeldet, aber nicht alle sind die Backend-Prozesse, die diese Abfrage gesehen hat.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>format</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 d %2:%3:%4</source>
        <translation>%1 T %2:%3:%4</translation>
    </message>
    <message>
        <source>local socket</source>
        <translation>lokaler Socket</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>verbinde …</translation>
    </message>
    <message>
        <source>PostgreSQL %1</source>
        <translation>PostgreSQL %1</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>password needed</source>
        <translation>Passwort nötig</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>PostgreSQL %1, standby</source>
        <translation>PostgreSQL %1, Standby</translation>
    </message>
    <message>
        <source>relation %1</source>
        <translation>Relation %1</translation>
    </message>
    <message>
        <source>relation %1 in database %2</source>
        <translation>Relation %1 in Datenbank %2</translation>
    </message>
    <message>
        <source>tuple (%1,%2) of %3</source>
        <translation>Tupel (%1,%2) von %3</translation>
    </message>
    <message>
        <source>page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <source>the extension of %1</source>
        <translation>die Erweiterung von %1</translation>
    </message>
    <message>
        <source>transaction %1</source>
        <translation>Transaktion %1</translation>
    </message>
    <message>
        <source>virtual transaction %1</source>
        <translation>virtuelle Transaktion %1</translation>
    </message>
    <message>
        <source>advisory key %1</source>
        <translation>Advisory-Schlüssel %1</translation>
    </message>
    <message>
        <source>advisory keys (%1, %2)</source>
        <translation>Advisory-Schlüssel (%1, %2)</translation>
    </message>
    <message>
        <source>object %1 of catalog %2</source>
        <translation>Objekt %1 des Katalogs %2</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>PgBouncer %1</source>
        <translation>PgBouncer %1</translation>
    </message>
    <message>
        <source>PostgreSQL %1, through a pooler</source>
        <translation>PostgreSQL %1, über einen Pooler</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>See and end PostgreSQL sessions.</source>
        <translation>PostgreSQL-Sitzungen ansehen und beenden.</translation>
    </message>
    <message>
        <source>Start a private demo server with a live workload, and watch it.</source>
        <translation>Einen privaten Demo-Server mit laufender Last starten und beobachten.</translation>
    </message>
    <message>
        <source>Cannot use &quot;%1&quot;: %2</source>
        <translation>„%1“ ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>Starting the demo server…</source>
        <translation>Der Demo-Server startet …</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Demo server PostgreSQL %1 in %2 (removed on exit)</source>
        <translation>Demo-Server PostgreSQL %1 in %2 (wird beim Beenden entfernt)</translation>
    </message>
    <message>
        <source>Demo server</source>
        <translation>Demo-Server</translation>
    </message>
    <message>
        <source>A libpq connection string (&quot;host=db1 user=dba&quot;), a postgresql:// URI or service=NAME, watched for this run without being saved. Without one, the saved servers are watched, or, when there are none, libpq&apos;s defaults (PG* variables, the local socket).</source>
        <translation>Eine libpq-Verbindungszeichenkette („host=db1 user=dba“), eine postgresql://-URI oder service=NAME, für diesen Lauf beobachtet, ohne gespeichert zu werden. Ohne Angabe werden die gespeicherten Server beobachtet oder, wenn es keine gibt, libpqs Vorgaben (PG*-Variablen, der lokale Socket).</translation>
    </message>
    <message>
        <source>demo pooler</source>
        <translation>Demo-Pooler</translation>
    </message>
</context>
<context>
    <name>pg</name>
    <message>
        <source>Out of memory while connecting.</source>
        <translation>Kein Speicher mehr beim Verbinden.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message numerus="yes">
        <source>No answer from the server within %n second(s) (connect_timeout).</source>
        <translation>
            <numerusform>Keine Antwort vom Server innerhalb von %n Sekunde (connect_timeout).</numerusform>
            <numerusform>Keine Antwort vom Server innerhalb von %n Sekunden (connect_timeout).</numerusform>
        </translation>
    </message>
    <message>
        <source>No database to connect to: every maintenance database was left out.</source>
        <translation>Keine Datenbank zum Verbinden: Jede Wartungsdatenbank war ausgeschlossen.</translation>
    </message>
    <message>
        <source>No result from the server.</source>
        <translation>Kein Ergebnis vom Server.</translation>
    </message>
    <message>
        <source>The connection is closed.</source>
        <translation>Die Verbindung ist geschlossen.</translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation>Die Verbindung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The Qt PostgreSQL driver (QPSQL) is not available: %1</source>
        <translation>Der Qt-PostgreSQL-Treiber (QPSQL) ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>The Qt PostgreSQL driver did not expose its libpq connection.</source>
        <translation>Der Qt-PostgreSQL-Treiber hat seine libpq-Verbindung nicht herausgegeben.</translation>
    </message>
    <message>
        <source>The server did not say which backend serves this connection</source>
        <translation>Der Server hat nicht gesagt, welches Backend diese Verbindung bedient</translation>
    </message>
    <message numerus="yes">
        <source>No answer from the server for %n second(s).</source>
        <translation>
            <numerusform>Seit %n Sekunde keine Antwort vom Server.</numerusform>
            <numerusform>Seit %n Sekunden keine Antwort vom Server.</numerusform>
        </translation>
    </message>
    <message>
        <source>This address is PgBouncer&apos;s admin console (PgBouncer %1), not a PostgreSQL server. Make the server&apos;s kind &quot;PgBouncer admin console&quot; to watch the pooler, or name one of its pooled databases to watch the server behind it.</source>
        <translation>Diese Adresse ist die Admin-Konsole von PgBouncer (PgBouncer %1), kein PostgreSQL-Server. Stellen Sie die Art des Servers auf „Admin-Konsole von PgBouncer“, um den Pooler zu beobachten, oder nennen Sie eine seiner Pool-Datenbanken, um den Server dahinter zu beobachten.</translation>
    </message>
</context>
<context>
    <name>pooler_query</name>
    <message>
        <source>The pooler said its version is &quot;%1&quot;.</source>
        <translation>Der Pooler nennt als Version „%1“.</translation>
    </message>
</context>
</TS>
