// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/patroni.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <tuple>
#include <functional>

namespace {

QString bytesText(qint64 bytes)
{
    const QLocale locale;
    if (bytes < 1024)
        return QCoreApplication::translate("PatroniWatcher", "%1 B").arg(locale.toString(bytes));
    if (bytes < 1024 * 1024)
        return QCoreApplication::translate("PatroniWatcher", "%1 KiB").arg(locale.toString(double(bytes) / 1024, 'f', 1));
    return QCoreApplication::translate("PatroniWatcher", "%1 MiB").arg(locale.toString(double(bytes) / (1024 * 1024), 'f', 1));
}

// A member's state as Patroni words it, in the user's language; one it may add later as given.
QString stateText(const QString &state)
{
    static const struct {
        const char *patroni;
        const char *text;
    } known[] = {
        {"running", QT_TRANSLATE_NOOP("PatroniWatcher", "running")},
        {"streaming", QT_TRANSLATE_NOOP("PatroniWatcher", "streaming")},
        {"in archive recovery", QT_TRANSLATE_NOOP("PatroniWatcher", "in archive recovery")},
        {"starting", QT_TRANSLATE_NOOP("PatroniWatcher", "starting")},
        {"stopping", QT_TRANSLATE_NOOP("PatroniWatcher", "stopping")},
        {"stopped", QT_TRANSLATE_NOOP("PatroniWatcher", "stopped")},
        {"restarting", QT_TRANSLATE_NOOP("PatroniWatcher", "restarting")},
        {"crashed", QT_TRANSLATE_NOOP("PatroniWatcher", "crashed")},
        {"start failed", QT_TRANSLATE_NOOP("PatroniWatcher", "start failed")},
        {"restart failed", QT_TRANSLATE_NOOP("PatroniWatcher", "restart failed")},
        {"creating replica", QT_TRANSLATE_NOOP("PatroniWatcher", "creating replica")},
    };
    for (const auto &k : known) {
        if (state == QLatin1String(k.patroni))
            return QCoreApplication::translate("PatroniWatcher", k.text);
    }
    return state;
}

// The REST root of an address: "http://db1:8008" and ".../cluster" lead to the same root;
// so does ".../patroni" for a member's api_url (Patroni's own page). An address the user
// gives keeps a "/patroni" of its own: it may be a proxy's path (see PatroniWatcher::poll()).
QUrl restRoot(QUrl url, bool memberPage)
{
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    for (const QLatin1String endpoint : {QLatin1String("/patroni"), QLatin1String("/cluster")}) {
        if (path.endsWith(endpoint) && (memberPage || endpoint != QLatin1String("/patroni")))
            path.chop(endpoint.size());
    }
    url.setPath(path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

} // namespace

bool PatroniMember::isLeader() const
{
    // /cluster says "leader"; older and newer /patroni pages say "master" and "primary".
    return role == QLatin1String("leader") || role == QLatin1String("standby_leader") || role == QLatin1String("master")
           || role == QLatin1String("primary");
}

QString PatroniMember::describe() const
{
    QString roleText = role;
    if (role == QLatin1String("leader") || role == QLatin1String("master") || role == QLatin1String("primary"))
        roleText = QCoreApplication::translate("PatroniWatcher", "leader");
    else if (role == QLatin1String("replica"))
        roleText = QCoreApplication::translate("PatroniWatcher", "replica");
    else if (role == QLatin1String("sync_standby"))
        roleText = QCoreApplication::translate("PatroniWatcher", "sync standby");
    else if (role == QLatin1String("standby_leader"))
        roleText = QCoreApplication::translate("PatroniWatcher", "standby leader");
    else if (role == QLatin1String("quorum_standby")) // Patroni 4's quorum commit
        roleText = QCoreApplication::translate("PatroniWatcher", "quorum standby");
    QStringList parts{roleText, state.isEmpty() ? QCoreApplication::translate("PatroniWatcher", "state unknown") : stateText(state)};
    if (timeline >= 0)
        parts << QCoreApplication::translate("PatroniWatcher", "timeline %1").arg(timeline);
    if (!isLeader())
        parts << (lagBytes >= 0 ? QCoreApplication::translate("PatroniWatcher", "lag %1").arg(bytesText(lagBytes)) : QCoreApplication::translate("PatroniWatcher", "lag unknown"));
    return parts.join(QStringLiteral(" · "));
}

bool operator==(const PatroniMember &a, const PatroniMember &b)
{
    return std::tie(a.name, a.role, a.state, a.host, a.port, a.timeline, a.lagBytes, a.apiUrl)
           == std::tie(b.name, b.role, b.state, b.host, b.port, b.timeline, b.lagBytes, b.apiUrl);
}

const PatroniMember *PatroniTopology::leader() const
{
    const auto it = std::find_if(members.begin(), members.end(), [](const PatroniMember &m) { return m.isLeader(); });
    return it != members.end() ? &*it : nullptr;
}

Expected<PatroniTopology> patroni::parseCluster(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (doc.isNull())
        return Error(QCoreApplication::translate("PatroniWatcher", "the answer is not JSON (%1): %2").arg(parseError.errorString(), QString::fromUtf8(body.left(120)).simplified()));
    const QJsonValue list = doc.object().value(QLatin1String("members"));
    if (!doc.isObject() || !list.isArray())
        return Error(QCoreApplication::translate("PatroniWatcher", "the answer has no member list: %1").arg(QString::fromUtf8(body.left(120)).simplified()));
    PatroniTopology t;
    t.paused = doc.object().value(QLatin1String("pause")).toBool();
    QSet<QString> names; // each member is watched as the server of its name: one name, one member
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject o = v.toObject();
        PatroniMember m;
        m.name = o.value(QLatin1String("name")).toString();
        if (m.name.isEmpty())
            return Error(QCoreApplication::translate("PatroniWatcher", "a member without a name in the answer: %1").arg(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))));
        if (names.contains(m.name))
            return Error(QCoreApplication::translate("PatroniWatcher", "two members named \"%1\" in the answer: which one is that member cannot be told").arg(m.name));
        names.insert(m.name);
        m.role = o.value(QLatin1String("role")).toString();
        m.state = o.value(QLatin1String("state")).toString();
        m.host = o.value(QLatin1String("host")).toString();
        m.port = o.value(QLatin1String("port")).toInt();
        m.apiUrl = o.value(QLatin1String("api_url")).toString();
        if (const QJsonValue tl = o.value(QLatin1String("timeline")); tl.isDouble())
            m.timeline = tl.toInt();
        // Bytes; the string "unknown" when the member has reported no position.
        if (const QJsonValue lag = o.value(QLatin1String("lag")); lag.isDouble())
            m.lagBytes = qint64(lag.toDouble());
        t.members << m;
    }
    std::stable_sort(t.members.begin(), t.members.end(), [](const PatroniMember &a, const PatroniMember &b) {
        return a.isLeader() != b.isLeader() ? a.isLeader() : a.name < b.name;
    });
    return t;
}

/// The REST side of a watcher, in the watcher's thread: one poll at a time, trying each
/// address in turn until one gives the member list.
class PatroniFetcher : public QObject
{
public:
    PatroniFetcher(std::function<void(const PatroniTopology &)> done)
        : m_done(std::move(done))
    {
    }

    void fetch(const QList<QUrl> &candidates)
    {
        if (!m_network)
            m_network = new QNetworkAccessManager(this); // made here: it belongs to this thread
        m_queue = candidates;
        m_errors.clear();
        m_asked = 0;
        tryNext();
    }

private:
    void tryNext()
    {
        if (m_queue.isEmpty()) {
            PatroniTopology failed;
            failed.error = m_errors.value(0);
            const int others = int(m_errors.size()) - 1;
            if (others > 0)
                failed.error += QCoreApplication::translate("PatroniWatcher", " (and %n other member(s) did not answer either)", nullptr, others);
            m_done(failed);
            return;
        }
        const QUrl root = m_queue.takeFirst();
        ++m_asked;
        QUrl url = root;
        url.setPath(root.path() + QStringLiteral("/cluster"));
        QNetworkRequest request(url);
        request.setTransferTimeout(PatroniWatcher::kTimeoutMs);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setRawHeader("Accept", "application/json");
        QNetworkReply *reply = m_network->get(request);
        connect(reply, &QNetworkReply::finished, this, [this, reply, root] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
            QString error;
            if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError) {
                error = QCoreApplication::translate("PatroniWatcher", "no answer within %1 s").arg(PatroniWatcher::kTimeoutMs / 1000);
            } else if (status >= 300) {
                const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
                const QString said = QString::fromUtf8(body.left(200)).simplified();
                error = QCoreApplication::translate("PatroniWatcher", "HTTP %1 %2").arg(status).arg(reason).trimmed() + (said.isEmpty() || said.startsWith(QLatin1Char('<')) ? QString() : QStringLiteral(": ") + said);
            } else if (reply->error() != QNetworkReply::NoError) {
                error = reply->errorString();
            } else {
                Expected<PatroniTopology> t = patroni::parseCluster(body);
                if (t.ok()) {
                    t->answeredBy = root.toString();
                    t->asked = m_asked;
                    m_queue.clear();
                    m_done(*t);
                    return;
                }
                error = t.error().message();
            }
            m_errors << QCoreApplication::translate("PatroniWatcher", "%1: %2").arg(root.toString(), error);
            tryNext();
        });
    }

    std::function<void(const PatroniTopology &)> m_done;
    QNetworkAccessManager *m_network = nullptr;
    QList<QUrl> m_queue;
    QStringList m_errors;
    int m_asked = 0;
};

PatroniWatcher::PatroniWatcher(const QUrl &address, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_address(restRoot(address, false))
    , m_thread(new QThread(this))
    , m_timer(new QTimer(this))
{
    m_thread->setObjectName(QStringLiteral("patroni-rest"));
    // The answer comes back to this object's thread; dropped if the watcher has gone.
    m_fetcher = new PatroniFetcher([this](const PatroniTopology &answer) {
        QMetaObject::invokeMethod(this, [this, answer] { onFetched(answer); }, Qt::QueuedConnection);
    });
    m_fetcher->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_fetcher, &QObject::deleteLater);
    m_thread->start();
    m_timer->setInterval(std::max(100, intervalMs));
    connect(m_timer, &QTimer::timeout, this, &PatroniWatcher::poll);
    m_timer->start();
    QTimer::singleShot(0, this, &PatroniWatcher::poll);
}

PatroniWatcher::~PatroniWatcher()
{
    m_thread->quit();
    m_thread->wait();
}

void PatroniWatcher::setIntervalMs(int ms)
{
    m_timer->setInterval(std::max(100, ms));
}

void PatroniWatcher::setPaused(bool paused)
{
    m_paused = paused;
}

void PatroniWatcher::refreshNow()
{
    if (!m_inFlight) {
        m_timer->start(); // the next tick a whole interval from now
        poll();
    }
}

void PatroniWatcher::poll()
{
    if (m_inFlight || m_paused)
        return;
    m_inFlight = true;
    // The address that answered last first: when the one given is down (its host failed,
    // the usual cause of a failover), each poll does not wait for its timeout first. Then
    // the address given; then every member known.
    QList<QUrl> candidates;
    const auto add = [&candidates](const QUrl &root) {
        if (root.isValid() && !root.host().isEmpty() && !candidates.contains(root))
            candidates << root;
    };
    if (!m_topology.answeredBy.isEmpty())
        add(QUrl(m_topology.answeredBy));
    add(m_address);
    // Given as a member's own page (".../patroni"): Patroni's root. Tried after the address
    // as given, which may be a proxy's path that ends so.
    add(restRoot(m_address, true));
    for (const PatroniMember &m : std::as_const(m_topology.members))
        add(restRoot(QUrl(m.apiUrl), true));
    PatroniFetcher *fetcher = m_fetcher;
    QMetaObject::invokeMethod(fetcher, [fetcher, candidates] { fetcher->fetch(candidates); }, Qt::QueuedConnection);
}

void PatroniWatcher::onFetched(const PatroniTopology &answer)
{
    m_inFlight = false;
    ++m_topology.polls;
    if (answer.error.isEmpty()) {
        m_topology.members = answer.members;
        m_topology.paused = answer.paused;
        m_topology.answeredBy = answer.answeredBy;
        m_topology.asked = answer.asked;
        m_topology.answered = true;
        m_topology.error.clear();
    } else {
        m_topology.error = answer.error; // the members stay as last known
    }
    emit polled();
}
