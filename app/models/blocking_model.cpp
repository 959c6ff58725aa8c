// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/blocking_model.h"

#include "models/formatter.h"
#include "servers/server_registry.h"

#include <QColor>
#include <QElapsedTimer>
#include <QFont>
#include <QSet>

#include <functional>

struct BlockingModel::Node {
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
    BlockingNode info; // its children are in `children`
    Session session;
    std::optional<LockWait> lock;
    QString lockText;
    QString holderMode;
};

struct BlockingModel::Context {
    const Snapshot &snapshot;
    qint64 previousServerTime; ///< the server's clock at the poll before: what the ages were shown against
    QHash<int, const Session *> byPid;
    QHash<int, int> leaderOf;
    QHash<quint32, QString> databaseNames;
};

namespace {

using Context = BlockingModel::Context;

void renumber(std::vector<std::unique_ptr<BlockingModel::Node>> &children, size_t from = 0)
{
    for (size_t i = from; i < children.size(); ++i)
        children[i]->row = int(i);
}

// The columns of a node that changed: none, some, or all of them.
struct Changed {
    int first = BlockingModel::ColumnCount;
    int last = -1;
    void add(int column)
    {
        first = std::min(first, column);
        last = std::max(last, column);
    }
    void all() { first = 0, last = BlockingModel::ColumnCount - 1; }
    bool any() const { return last >= 0; }
};

QString transactionAge(const Session &s, qint64 now)
{
    return s.xactStart == kNoTime || now == kNoTime ? QString() : format::duration(now - s.xactStart);
}

// What transactionAge() shows, as a number (see format::durationShown();
// -2: empty, no transaction or no clock).
qint64 transactionAgeShown(const Session &s, qint64 now)
{
    return s.xactStart == kNoTime || now == kNoTime ? -2 : format::durationShown(now - s.xactStart);
}

// The fields of @p node from @p fresh (its children aside), and which columns now read
// differently. The ages move at every poll, but what is shown of them changes only with
// their displayed unit: only then is their cell repainted.
Changed fill(BlockingModel::Node &node, const BlockingNode &fresh, const Context &c, const BlockingModel::Node *parent)
{
    Changed changed;
    bool other = false;
    const auto set = [&other](auto &field, const auto &value) {
        if (!(field == value)) {
            field = value;
            other = true;
        }
    };
    BlockingNode info = fresh;
    info.children.clear();
    set(node.info.key, info.key);
    set(node.info.lock, info.lock);
    set(node.info.shared, info.shared);
    set(node.info.cycle, info.cycle);
    set(node.info.cycleTop, info.cycleTop);
    set(node.info.workers, info.workers);
    set(node.info.blockedDirectly, info.blockedDirectly);
    set(node.info.blockedInAll, info.blockedInAll);
    if (format::durationShown(node.info.longestWaitMicros) != format::durationShown(info.longestWaitMicros))
        changed.add(BlockingModel::LongestWait);
    node.info.longestWaitMicros = info.longestWaitMicros;
    if (const Session *s = c.byPid.value(info.key.pid)) {
        const Session &was = node.session;
        if (was.state != s->state || was.user != s->user || was.application != s->application || was.query != s->query
            || was.clientAddress != s->clientAddress || was.clientHostname != s->clientHostname || was.clientPort != s->clientPort
            || was.own != s->own || was.key != s->key)
            other = true;
        if (transactionAgeShown(was, c.previousServerTime) != transactionAgeShown(*s, c.snapshot.serverTime))
            changed.add(BlockingModel::TransactionAge);
        node.session = *s;
    }
    QString lockText, held;
    if (info.lock >= 0) {
        const LockWait &l = c.snapshot.locks[size_t(info.lock)];
        node.lock = l;
        lockText = format::lock(l, c.databaseNames.value(l.databaseOid));
        // The mode the blocker above holds on that object, where pg_locks shows it.
        if (parent && parent->parent) {
            for (const LockWait::Holder &h : l.holders) {
                if (c.leaderOf.value(h.pid, h.pid) == parent->info.key.pid) {
                    held = h.mode;
                    break;
                }
            }
        }
    } else {
        node.lock.reset();
    }
    set(node.lockText, lockText);
    set(node.holderMode, held);
    if (other)
        changed.all();
    return changed;
}

std::unique_ptr<BlockingModel::Node> grow(BlockingNode &&fresh, const Context &c, BlockingModel::Node *parent)
{
    auto node = std::make_unique<BlockingModel::Node>();
    node->parent = parent;
    fill(*node, fresh, c, parent);
    for (BlockingNode &child : fresh.children)
        node->children.push_back(grow(std::move(child), c, node.get()));
    renumber(node->children);
    return node;
}

} // namespace

BlockingModel::BlockingModel(const ServerRegistry *registry, QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
    , m_registry(registry)
{
    if (!registry)
        return;
    connect(registry, &ServerRegistry::displayed, this, &BlockingModel::follow);
    connect(registry, &ServerRegistry::serverRemoved, this, &BlockingModel::removeServer);
    connect(registry, &ServerRegistry::serverChanged, this, &BlockingModel::serverChanged);
}

BlockingModel::~BlockingModel() = default;

BlockingModel::Node *BlockingModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex BlockingModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= int(p->children.size()))
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex BlockingModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *p = nodeOf(child)->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, const_cast<Node *>(p));
}

int BlockingModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int BlockingModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Qt::ItemFlags BlockingModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    // pgsessions' own connections are never ended by it: not selectable, as in the table.
    return nodeOf(index)->session.own ? Qt::ItemIsEnabled : Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

const Session *BlockingModel::session(const QModelIndex &index) const
{
    return index.isValid() ? &nodeOf(index)->session : nullptr;
}

namespace {

// Whether @p server is among @p servers (every server when empty).
bool inScope(const QList<int> &servers, int server)
{
    return servers.isEmpty() || servers.contains(server);
}

// Sessions counted by database in @p states' (@p of gives a state's count by database),
// of @p servers (every server when empty) and of @p database when it is not empty.
template<typename States, typename Of>
int countIn(const States &states, Of of, const QList<int> &servers, const QString &database)
{
    int n = 0;
    for (auto it = states.cbegin(); it != states.cend(); ++it) {
        if (!inScope(servers, it.key()))
            continue;
        const QHash<QString, int> &counted = of(*it);
        for (auto d = counted.cbegin(); d != counted.cend(); ++d)
            n += database.isEmpty() || d.key() == database ? d.value() : 0;
    }
    return n;
}

} // namespace

int BlockingModel::blockedSessions(int server) const
{
    return blockedSessions(server ? QList<int>{server} : QList<int>());
}

int BlockingModel::blockedSessions(const QList<int> &servers) const
{
    int n = 0;
    for (auto it = m_servers.cbegin(); it != m_servers.cend(); ++it) {
        if (inScope(servers, it.key()))
            n += it->blocked;
    }
    return n;
}

int BlockingModel::leftOut(const QList<int> &servers, const QString &database) const
{
    return countIn(m_servers, [](const auto &state) -> const QHash<QString, int> & { return state.leftOut; }, servers, database);
}

int BlockingModel::cutShort(const QList<int> &servers, const QString &database) const
{
    if (!database.isEmpty())
        return countIn(m_servers, [](const auto &state) -> const QHash<QString, int> & { return state.cutShort; }, servers, database);
    int n = 0; // (each once, though it may count for several databases)
    for (auto it = m_servers.cbegin(); it != m_servers.cend(); ++it)
        n += inScope(servers, it.key()) ? it->cutShortInAll : 0;
    return n;
}

bool BlockingModel::countsWhole(const QList<int> &servers) const
{
    for (auto it = m_servers.cbegin(); it != m_servers.cend(); ++it) {
        if (inScope(servers, it.key()) && !it->countsWhole)
            return false;
    }
    return true;
}

qint64 BlockingModel::longestWaitMicros(int server) const
{
    qint64 longest = 0;
    for (auto it = m_servers.cbegin(); it != m_servers.cend(); ++it) {
        if (!server || it.key() == server)
            longest = std::max(longest, it->longestWait);
    }
    return longest;
}

QVariant BlockingModel::display(const Node &n, int column) const
{
    const Session &s = n.session;
    const qint64 now = m_servers.value(s.key.server).serverTime;
    switch (column) {
    case Pid: {
        QString text = QString::number(s.key.pid);
        if (n.info.workers)
            text += tr(" (+%n parallel worker(s))", nullptr, n.info.workers);
        return text;
    }
    case User:
        return format::visible(s.user);
    case Blocks:
        if (n.info.cycle && !n.info.cycleTop)
            return tr("cycle: waits for a session above");
        if (!n.info.blockedDirectly)
            return QString();
        return n.info.blockedInAll == n.info.blockedDirectly ? tr("%n session(s)", nullptr, n.info.blockedDirectly)
                                                               : tr("%1 directly, %2 in all").arg(n.info.blockedDirectly).arg(n.info.blockedInAll);
    case LongestWait:
        return n.info.blockedDirectly ? format::duration(n.info.longestWaitMicros) : QString();
    case WaitsFor: {
        QString text = n.lockText;
        if (n.info.shared)
            text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("also blocked by another session (shown under each)");
        if (n.info.cycleTop)
            text = tr("in a cycle: these sessions wait for each other") + (text.isEmpty() ? QString() : QStringLiteral(" · ") + text);
        return text;
    }
    case HolderMode:
        return n.holderMode;
    case State:
        return s.isHidden() ? tr("hidden") : s.state;
    case TransactionAge:
        return transactionAge(s, now);
    case Application:
        return format::visible(s.application);
    case Client:
        return format::client(s);
    case Query:
        return s.isHidden() ? QString() : format::visible(s.query.simplified().left(300));
    case Server: {
        const QString name = m_registry ? m_registry->options(s.key.server).name : QString();
        return name.isEmpty() ? tr("server %1").arg(s.key.server) : name;
    }
    default:
        return {};
    }
}

QVariant BlockingModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &n = *nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        return display(n, index.column());
    case Qt::ToolTipRole:
        return index.column() == Query ? QVariant(n.session.query) : display(n, index.column());
    case Qt::FontRole:
        if (n.session.own || n.info.cycle) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == Server && m_registry) {
            if (const QColor colour(m_registry->options(n.session.key.server).colour); colour.isValid())
                return colour;
        }
        return {};
    case Qt::BackgroundRole:
        // Roots that hold a transaction open are what a DBA looks for first.
        if (index.column() == State && n.parent == m_root.get() && n.session.isIdleInTransaction())
            return QColor(240, 150, 0, 70);
        return {};
    case ServerRole: return n.session.key.server;
    case PidRole: return n.session.key.pid;
    case BackendStartRole: return n.session.key.backendStart;
    case BlockedInAllRole: return n.info.blockedInAll;
    case BlockedDirectlyRole: return n.info.blockedDirectly;
    case LongestWaitRole: return n.info.longestWaitMicros;
    case RootRole: return n.parent == m_root.get();
    case CycleRole: return n.info.cycle || n.info.cycleTop;
    case SharedRole: return n.info.shared;
    case DatabaseRole: return n.session.database;
    case SortRole:
        switch (index.column()) {
        case Pid: return n.session.key.pid;
        case Blocks: return n.info.blockedInAll;
        case LongestWait: return n.info.longestWaitMicros;
        case TransactionAge: return n.session.xactStart == kNoTime ? std::numeric_limits<qint64>::max() : n.session.xactStart;
        default: return display(n, index.column());
        }
    default:
        return {};
    }
}

QVariant BlockingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Pid: return tr("PID");
    case User: return tr("User");
    case Blocks: return tr("Blocks");
    case LongestWait: return tr("Longest wait");
    case WaitsFor: return tr("Waits for");
    case HolderMode: return tr("Held as");
    case State: return tr("State");
    case TransactionAge: return tr("Transaction age");
    case Application: return tr("Application");
    case Client: return tr("Client");
    case Query: return tr("Query");
    case Server: return tr("Server");
    default: return {};
    }
}

void BlockingModel::applySnapshot(const Snapshot &snapshot)
{
    m_unmerged.remove(snapshot.server);
    mergeForest(snapshot, countForest(snapshot));
    emit countsChanged();
}

void BlockingModel::follow(const SnapshotPtr &snapshot)
{
    if (m_shown) {
        applySnapshot(*snapshot);
    } else {
        countForest(*snapshot);
        m_unmerged.insert(snapshot->server, snapshot);
        emit countsChanged();
    }
}

void BlockingModel::setShown(bool shown)
{
    if (shown == m_shown)
        return;
    m_shown = shown;
    if (!shown)
        return;
    const QHash<int, SnapshotPtr> unmerged = std::exchange(m_unmerged, {});
    for (const SnapshotPtr &snapshot : unmerged)
        applySnapshot(*snapshot);
}

BlockingForest BlockingModel::countForest(const Snapshot &snapshot)
{
    QElapsedTimer clock;
    clock.start();
    BlockingForest forest = BlockingForest::build(snapshot);
    m_lastBuildMicros = clock.nsecsElapsed() / 1000;
    ServerState &state = m_servers[snapshot.server];
    state.blocked = forest.blockedSessions;
    const auto databaseOf = [&forest](int pid) {
        const Session *s = forest.byPid.value(pid);
        return s ? s->database : QString();
    };
    state.leftOut.clear();
    for (const int pid : forest.leftOut)
        ++state.leftOut[databaseOf(pid)];
    // A session cut short counts for its database and for those of the sessions not shown
    // under it (a database's scope shows the chains that reach into it).
    state.cutShort.clear();
    state.cutShortInAll = int(forest.cutAt.size());
    for (const BlockingForest::Cut &cut : forest.cutAt) {
        QSet<QString> databases{databaseOf(cut.pid)};
        for (const int pid : cut.notShown)
            databases.insert(databaseOf(pid));
        for (const QString &database : std::as_const(databases))
            ++state.cutShort[database];
    }
    state.countsWhole = forest.countsWhole;
    state.longestWait = forest.longestWaitMicros;
    for (auto it = m_unblocks.begin(); it != m_unblocks.end();)
        it = it.key().server == snapshot.server ? m_unblocks.erase(it) : std::next(it);
    const std::function<void(const BlockingNode &)> count = [&](const BlockingNode &n) {
        if (n.blockedInAll && !n.cycle)
            m_unblocks.insert(n.key, std::max(m_unblocks.value(n.key), n.blockedInAll));
        for (const BlockingNode &child : n.children)
            count(child);
    };
    for (const BlockingNode &root : forest.roots)
        count(root);
    return forest;
}

void BlockingModel::mergeForest(const Snapshot &snapshot, BlockingForest &&forest)
{
    ServerState &state = m_servers[snapshot.server];
    Context c{snapshot, state.serverTime, {}, {}, {}};
    state.serverTime = snapshot.serverTime;
    if (!forest.roots.empty()) {
        c.byPid = std::move(forest.byPid); // built once, by the forest
        c.leaderOf = std::move(forest.leaderOf);
    } else if (!m_root->children.empty()) {
        c.byPid.reserve(qsizetype(snapshot.sessions.size()));
        for (const Session &s : snapshot.sessions) {
            c.byPid.insert(s.key.pid, &s);
            if (s.leaderPid && s.leaderPid != s.key.pid)
                c.leaderOf.insert(s.key.pid, s.leaderPid);
        }
    }
    if (!forest.roots.empty() || !m_root->children.empty()) {
        for (const DatabaseInfo &d : snapshot.databases)
            c.databaseNames.insert(d.oid, d.name);
    }
    mergeChildren(m_root.get(), QModelIndex(), std::move(forest.roots), c, snapshot.server);
}

void BlockingModel::mergeChildren(Node *parent, const QModelIndex &parentIndex, std::vector<BlockingNode> &&fresh, const Context &c,
                                  int server)
{
    // Top level: only this server's entries are its to change.
    const bool top = parent == m_root.get();
    QHash<SessionKey, int> wanted;
    for (int i = 0; i < int(fresh.size()); ++i)
        wanted.insert(fresh[size_t(i)].key, i);
    // The gone removed a run of neighbours at a time, from the bottom up: one removal
    // each (thousands of holders gone at once, one at a time, held the window 13 s).
    const auto gone = [&](int r) {
        const Node &child = *parent->children[size_t(r)];
        return !(top && child.info.key.server != server) && !wanted.contains(child.info.key);
    };
    for (int last = int(parent->children.size()) - 1; last >= 0; --last) {
        if (!gone(last))
            continue;
        int first = last;
        while (first > 0 && gone(first - 1))
            --first;
        beginRemoveRows(parentIndex, first, last);
        parent->children.erase(parent->children.begin() + first, parent->children.begin() + last + 1);
        renumber(parent->children, size_t(first)); // (those above keep their rows)
        endRemoveRows();
        last = first;
    }
    QHash<SessionKey, Node *> existing;
    for (const auto &child : parent->children) {
        if (!top || child->info.key.server == server)
            existing.insert(child->info.key, child.get());
    }
    // The new appended after the others, in their order, in one insertion.
    std::vector<BlockingNode *> added;
    for (BlockingNode &f : fresh) {
        if (Node *n = existing.value(f.key)) {
            const QModelIndex at = createIndex(n->row, 0, n);
            const Changed changed = fill(*n, f, c, parent);
            if (changed.any())
                emit dataChanged(at.siblingAtColumn(changed.first), at.siblingAtColumn(changed.last));
            mergeChildren(n, at, std::move(f.children), c, server);
            continue;
        }
        added.push_back(&f);
    }
    if (added.empty())
        return;
    const int first = int(parent->children.size());
    beginInsertRows(parentIndex, first, first + int(added.size()) - 1);
    for (BlockingNode *f : added) {
        parent->children.push_back(grow(std::move(*f), c, parent));
        parent->children.back()->row = int(parent->children.size()) - 1;
    }
    endInsertRows();
}

void BlockingModel::removeServer(int server)
{
    m_unmerged.remove(server);
    m_servers.remove(server);
    for (auto it = m_unblocks.begin(); it != m_unblocks.end();)
        it = it.key().server == server ? m_unblocks.erase(it) : std::next(it);
    Snapshot none;
    none.server = server;
    Context c{none, kNoTime, {}, {}, {}};
    mergeChildren(m_root.get(), QModelIndex(), {}, c, server);
    emit countsChanged();
}

void BlockingModel::serverChanged(int server)
{
    const std::function<void(const Node *, const QModelIndex &)> walk = [&](const Node *parent, const QModelIndex &parentIndex) {
        for (const auto &child : parent->children) {
            if (child->session.key.server == server) {
                const QModelIndex cell = index(child->row, Server, parentIndex);
                emit dataChanged(cell, cell, {Qt::DisplayRole, Qt::DecorationRole, Qt::ToolTipRole});
            }
            if (!child->children.empty())
                walk(child.get(), index(child->row, 0, parentIndex));
        }
    };
    walk(m_root.get(), QModelIndex());
}
