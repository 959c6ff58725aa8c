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
#include <QPointer>
#include <QSet>
#include <QSslConfiguration>
#include <QSslError>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <tuple>

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
    explicit PatroniFetcher(std::function<void(const PatroniTopology &, int generation)> done)
        : m_done(std::move(done))
    {
    }

    /// Asks @p candidates in turn; a fetch under way is given up (its answer never comes).
    /// The answer carries @p generation.
    void fetch(const QList<QUrl> &candidates, const PatroniTls &tls, int generation)
    {
        if (m_reply) {
            disconnect(m_reply, nullptr, this, nullptr);
            m_reply->abort();
            m_reply->deleteLater();
        }
        m_generation = generation;
        m_tls = tls;
        if (!m_network)
            m_network = new QNetworkAccessManager(this); // made here: it belongs to this thread
        m_queue = candidates;
        m_errors.clear();
        m_asked = 0;
        m_keyOpened = false;
        const bool https = std::any_of(candidates.begin(), candidates.end(), [](const QUrl &u) { return u.scheme() == QLatin1String("https"); });
        if (https) {
            Expected<QSslConfiguration> configured = patroni::tlsConfiguration(m_tls, &m_keyOpened);
            if (!configured.ok()) {
                PatroniTopology failed;
                failed.error = configured.error().message();
                failed.keyLocked = configured.error().kind() == Error::Kind::NeedsPassword;
                done(failed);
                return;
            }
            // The manager keeps a connection object for each host and port, with the TLS
            // it was made with (a request's own is not looked at again): new files, or new
            // contents, need new ones.
            if (m_tlsConfigured && !(*configured == m_tlsConfiguration))
                m_network->clearConnectionCache();
            m_tlsConfiguration = *configured;
            m_tlsConfigured = true;
        }
        tryNext();
    }

private:
    void done(PatroniTopology answer)
    {
        answer.keyOpened = m_keyOpened;
        m_done(answer, m_generation);
    }

    void tryNext()
    {
        if (m_queue.isEmpty()) {
            PatroniTopology failed;
            failed.error = m_errors.value(0);
            const int others = int(m_errors.size()) - 1;
            if (others > 0)
                failed.error += QCoreApplication::translate("PatroniWatcher", " (and %n other member(s) did not answer either)", nullptr, others);
            done(failed);
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
        if (url.scheme() == QLatin1String("https"))
            request.setSslConfiguration(m_tlsConfiguration);
        QNetworkReply *reply = m_network->get(request);
        m_reply = reply;
        // Why a certificate was refused, as Qt words each reason; the reply says only that
        // the handshake failed.
        auto refused = std::make_shared<QStringList>();
        connect(reply, &QNetworkReply::sslErrors, this, [refused](const QList<QSslError> &errors) {
            for (const QSslError &e : errors)
                *refused << e.errorString();
        });
        // Whether TLS was spoken at all: an https address whose REST API answers plain HTTP
        // fails before (each server words it its own way, or just closes).
        auto encrypted = std::make_shared<bool>(false);
        connect(reply, &QNetworkReply::encrypted, this, [encrypted] { *encrypted = true; });
        // Patroni answers in HTTP/1.0 without a length: the body ends when the connection
        // does. Over https it then waits for the client's TLS close, which Qt does not send
        // while it waits for the connection to close: the reply would end at the timeout
        // only. A body that is whole JSON is the whole answer; so is an https error's first
        // part (its status is what counts).
        auto body = std::make_shared<QByteArray>();
        connect(reply, &QNetworkReply::readyRead, this, [this, reply, root, body] {
            *body += reply->readAll();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QJsonParseError parsed;
            const bool whole = status >= 300 ? root.scheme() == QLatin1String("https")
                                             : status >= 200 && (QJsonDocument::fromJson(*body, &parsed), parsed.error == QJsonParseError::NoError);
            if (whole) {
                disconnect(reply, nullptr, this, nullptr);
                reply->abort();
                reply->deleteLater();
                answered(root, status, *body, QNetworkReply::NoError, {}, {},
                         reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
            }
        });
        connect(reply, &QNetworkReply::finished, this, [this, reply, root, refused, body, encrypted] {
            reply->deleteLater();
            if (reply->isOpen())
                *body += reply->readAll();
            answered(root, reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), *body, reply->error(), reply->errorString(),
                     *refused, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(), *encrypted);
        });
    }

    void answered(const QUrl &root, int status, const QByteArray &body, QNetworkReply::NetworkError e, const QString &errorText,
                  QStringList refused, const QString &reason = {}, bool encrypted = true)
    {
        QString error;
        if (status >= 300) {
            const QString said = QString::fromUtf8(body.left(200)).simplified();
            error = QCoreApplication::translate("PatroniWatcher", "HTTP %1 %2").arg(status).arg(reason).trimmed()
                + (said.isEmpty() || said.startsWith(QLatin1Char('<')) ? QString() : QStringLiteral(": ") + said);
        } else if ((e == QNetworkReply::OperationCanceledError || e == QNetworkReply::TimeoutError) && status && !body.isEmpty()) {
            // An answer that did not end, and was not whole JSON: what is wrong with it.
            const Expected<PatroniTopology> t = patroni::parseCluster(body);
            error = t.ok() ? QCoreApplication::translate("PatroniWatcher", "its answer did not end within %1 s").arg(PatroniWatcher::kTimeoutMs / 1000)
                           : t.error().message();
        } else if (e == QNetworkReply::OperationCanceledError || e == QNetworkReply::TimeoutError) {
            error = status ? QCoreApplication::translate("PatroniWatcher", "its answer did not end within %1 s").arg(PatroniWatcher::kTimeoutMs / 1000)
                           : QCoreApplication::translate("PatroniWatcher", "no answer within %1 s").arg(PatroniWatcher::kTimeoutMs / 1000);
        } else if (!refused.isEmpty()) {
            refused.removeDuplicates();
            error = QCoreApplication::translate("PatroniWatcher", "its TLS certificate is not trusted: %1").arg(refused.join(QStringLiteral("; ")));
            if (m_tls.caFile.isEmpty())
                error += QCoreApplication::translate("PatroniWatcher", " (give the CA that signed it as the server's REST CA certificate)");
        } else if (e != QNetworkReply::NoError) {
            error = errorText;
            // A client certificate asked for: the server's TLS alert, in OpenSSL's words,
            // which Qt passes on (TLS 1.3 sends it once the handshake is over, TLS 1.2 fails
            // the handshake with it). Under TLS 1.3 the close may be read before the alert:
            // a connection closed after TLS was spoken, with no answer, says only that.
            // Else, connected but no TLS spoken: a plain HTTP API.
            const bool https = root.scheme() == QLatin1String("https");
            const bool connected = e != QNetworkReply::ConnectionRefusedError && e != QNetworkReply::HostNotFoundError
                                   && e != QNetworkReply::NetworkSessionFailedError && e != QNetworkReply::UnknownNetworkError;
            if (https && m_tls.certFile.isEmpty()
                && (errorText.contains(QLatin1String("certificate required")) || errorText.contains(QLatin1String("handshake failure"))
                    || (encrypted && e == QNetworkReply::RemoteHostClosedError && !status)))
                error += QCoreApplication::translate("PatroniWatcher", " (the REST API may ask for a client certificate: give one in the server's settings)");
            else if (https && !encrypted && connected)
                error += QCoreApplication::translate("PatroniWatcher", " (the REST API may not use https: try http://)");
        } else {
            Expected<PatroniTopology> t = patroni::parseCluster(body);
            if (t.ok()) {
                t->answeredBy = root.toString();
                t->asked = m_asked;
                m_queue.clear();
                done(*t);
                return;
            }
            error = t.error().message();
        }
        m_errors << QCoreApplication::translate("PatroniWatcher", "%1: %2").arg(root.toString(), error);
        tryNext();
    }

    PatroniTls m_tls;
    QSslConfiguration m_tlsConfiguration;
    std::function<void(const PatroniTopology &, int generation)> m_done;
    QPointer<QNetworkReply> m_reply; ///< the request under way
    int m_generation = 0;
    bool m_tlsConfigured = false; ///< m_tlsConfiguration was made by an earlier fetch
    bool m_keyOpened = false;     ///< this fetch opened a locked client key with its passphrase
    QNetworkAccessManager *m_network = nullptr;
    QList<QUrl> m_queue;
    QStringList m_errors;
    int m_asked = 0;
};

PatroniWatcher::PatroniWatcher(const QUrl &address, int intervalMs, const PatroniTls &tls, QObject *parent)
    : QObject(parent)
    , m_address(restRoot(address, false))
    , m_tls(tls)
    , m_thread(new QThread(this))
    , m_timer(new QTimer(this))
{
    m_thread->setObjectName(QStringLiteral("patroni-rest"));
    // The answer comes back to this object's thread; dropped if the watcher has gone.
    m_fetcher = new PatroniFetcher([this](const PatroniTopology &answer, int generation) {
        QMetaObject::invokeMethod(this, [this, answer, generation] { onFetched(answer, generation); }, Qt::QueuedConnection);
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

void PatroniWatcher::setRest(const QUrl &address, const PatroniTls &tls)
{
    const QUrl root = restRoot(address, false);
    // A new address is asked alone until it answers: a mistyped one is said on the node,
    // not hidden by a member that still answers at the old one.
    if (root != m_address)
        m_addressUnconfirmed = true;
    m_address = root;
    m_tls = tls;
    // A poll under way asks the old way: given up (a timeout there would hold the new
    // settings back by seconds), its answer dropped if it comes all the same (paused too,
    // when no new poll follows).
    m_inFlight = false;
    ++m_generation;
    refreshNow();
}

void PatroniWatcher::setKeyPassphrase(const QString &passphrase)
{
    m_tls.keyPassphrase = passphrase;
    m_inFlight = false; // a poll under way used the old one: its answer is dropped
    ++m_generation;
    refreshNow();
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
    if (!m_topology.answeredBy.isEmpty() && !m_addressUnconfirmed)
        add(QUrl(m_topology.answeredBy));
    add(m_address);
    // Given as a member's own page (".../patroni"): Patroni's root. Tried after the address
    // as given, which may be a proxy's path that ends so.
    add(restRoot(m_address, true));
    if (!m_addressUnconfirmed) {
        for (const PatroniMember &m : std::as_const(m_topology.members))
            add(restRoot(QUrl(m.apiUrl), true));
    }
    PatroniFetcher *fetcher = m_fetcher;
    const int generation = ++m_generation;
    QMetaObject::invokeMethod(
        fetcher, [fetcher, candidates, tls = m_tls, generation] { fetcher->fetch(candidates, tls, generation); }, Qt::QueuedConnection);
}

void PatroniWatcher::onFetched(const PatroniTopology &answer, int generation)
{
    if (generation != m_generation)
        return; // asked before the REST side was changed: a newer poll is under way
    m_inFlight = false;
    ++m_topology.polls;
    if (answer.error.isEmpty()) {
        m_addressUnconfirmed = false;
        m_topology.members = answer.members;
        m_topology.paused = answer.paused;
        m_topology.answeredBy = answer.answeredBy;
        m_topology.asked = answer.asked;
        m_topology.answered = true;
        m_topology.error.clear();
    } else {
        m_topology.error = answer.error; // the members stay as last known
    }
    m_topology.keyLocked = answer.keyLocked;
    m_topology.keyOpened = answer.keyOpened;
    emit polled();
}
