// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/details_pane.h"

#include "models/formatter.h"
#include "models/session_model.h"
#include "sessions/sql_highlighter.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextDocument>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
enum Field { Pid, Database, User, Application, Client, BackendType, State, WaitEvent, StateAge, XactAge, QueryAge, BackendStart, Leader, QueryId, FieldCount };

} // namespace

DetailsPane::DetailsPane(const SessionModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_title(new QLabel(this))
    , m_form(new QFormLayout)
    , m_blockedBy(new QLabel(this))
    , m_blocking(new QLabel(this))
    , m_poolerClient(nullptr)
    , m_query(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("&Copy query"), this))
{
    setObjectName(QStringLiteral("detailsPane"));
    setAccessibleName(tr("Session details"));
    auto *layout = new QVBoxLayout(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setObjectName(QStringLiteral("sessionTitle"));
    m_title->setTextFormat(Qt::PlainText); // a server named "<b>x</b>" is text
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignRight);
    const QString names[FieldCount] = {tr("PID"),         tr("Database"),     tr("User"),          tr("Application"), tr("Client"),
                                       tr("Backend type"), tr("State"),       tr("Wait event"),    tr("In state"),    tr("Transaction age"),
                                       tr("Query age"),   tr("Backend start"), tr("Parallel leader"), tr("Query id")};
    for (const QString &name : names)
        m_fields.push_back(addField(name));
    for (QLabel *link : {m_blockedBy, m_blocking}) {
        link->setTextFormat(Qt::RichText);
        link->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
        connect(link, &QLabel::linkActivated, this, [this](const QString &href) {
            emit pidActivated(m_key.server, href.section(QLatin1Char(':'), 1).toInt());
        });
    }
    m_blockedBy->setObjectName(QStringLiteral("blockedBy"));
    m_blocking->setObjectName(QStringLiteral("blocking"));
    placeField(tr("Blocked by"), m_blockedBy);
    placeField(tr("Blocking"), m_blocking);
    m_poolerClient = addField(tr("Pooler client"));
    m_poolerClient->setObjectName(QStringLiteral("poolerClient"));
    m_form->setRowVisible(m_poolerClient, false);
    layout->addLayout(m_form);
    m_query->setReadOnly(true);
    m_query->setObjectName(QStringLiteral("queryText"));
    m_query->setAccessibleName(tr("Query"));
    m_query->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new SqlHighlighter(m_query->document()); // owned by the document
    layout->addWidget(m_query, 1);
    m_copy->setObjectName(QStringLiteral("copyQuery"));
    connect(m_copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_lastQuery); });
    layout->addWidget(m_copy, 0, Qt::AlignRight);
    showSession({});
    // It follows the session through every poll, and sees it go when its server goes.
    connect(model, &SessionModel::snapshotApplied, this, &DetailsPane::refresh);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &DetailsPane::refresh, Qt::QueuedConnection);
}

QLabel *DetailsPane::addField(const QString &label)
{
    auto *value = new QLabel(this);
    value->setTextFormat(Qt::PlainText); // a name such as "<b>x</b>" is text, not markup
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    placeField(label, value);
    return value;
}

void DetailsPane::placeField(const QString &label, QLabel *value)
{
    value->setAccessibleName(label);
    value->setProperty("fieldName", label);
    m_form->addRow(label + QLatin1Char(':'), value);
}

QString DetailsPane::links(const QList<int> &pids)
{
    QStringList out;
    for (int pid : pids)
        out << QStringLiteral("<a href=\"pid:%1\">%1</a>").arg(pid);
    return out.isEmpty() ? QStringLiteral("—") : out.join(QStringLiteral(", "));
}

void DetailsPane::setLinks(QLabel *field, const QList<int> &pids)
{
    // The links' markup says nothing to a screen reader: it hears the PIDs ("Blocked by:
    // 2446, 2450").
    QStringList numbers;
    for (int pid : pids)
        numbers << QString::number(pid);
    setField(field, links(pids), numbers.isEmpty() ? tr("none") : numbers.join(QStringLiteral(", ")));
}

void DetailsPane::showSession(const SessionKey &key)
{
    m_key = key;
    m_serverName = m_model->serverName(key.server);
    refresh();
}

void DetailsPane::setField(QLabel *field, const QString &value, const QString &heard)
{
    if (field->text() == value)
        return;
    field->setText(value);
    // A screen reader says the field and its value, not the field's name alone.
    const QString name = field->property("fieldName").toString();
    field->setAccessibleName(value.isEmpty() ? name : tr("%1: %2").arg(name, heard.isNull() ? value : heard));
}

QString DetailsPane::queryText() const
{
    return m_query->toPlainText();
}

void DetailsPane::refresh()
{
    const int row = m_key.pid ? m_model->rowOf(m_key) : -1;
    if (row < 0) {
        // Its server said too: pids repeat across servers, and the pane keeps a session when
        // the table shows another server.
        m_title->setText(m_key.pid ? tr("Session %1 on %2 has ended").arg(m_key.pid).arg(m_serverName) : tr("No session selected"));
        if (!m_key.pid) {
            // Only what is not empty yet: clearing a label or the query asks the window
            // for a new layout, which every poll would pay for.
            for (QLabel *f : m_fields)
                setField(f, QString());
            setField(m_blockedBy, QString());
            setField(m_blocking, QString());
            setField(m_poolerClient, QString());
            if (m_form->isRowVisible(m_poolerClient))
                m_form->setRowVisible(m_poolerClient, false);
            if (!m_query->document()->isEmpty())
                m_query->clear();
            m_lastQuery.clear();
        }
        m_copy->setEnabled(!m_lastQuery.isEmpty());
        return;
    }
    const Session &s = m_model->session(row);
    auto cell = [&](int column) { return m_model->index(row, column).data().toString(); };
    m_serverName = m_model->serverName(s.key.server); // renamed meanwhile
    m_title->setText(s.own ? tr("Session %1 on %2 (pgsessions' own connection)").arg(s.key.pid).arg(m_serverName)
                           : tr("Session %1 on %2").arg(s.key.pid).arg(m_serverName));
    const QString values[FieldCount] = {QString::number(s.key.pid),
                                        format::visible(s.database),
                                        format::visible(s.user),
                                        format::visible(s.application),
                                        cell(SessionModel::Client),
                                        s.backendType,
                                        s.isHidden() ? tr("hidden") : s.state,
                                        cell(SessionModel::WaitEvent),
                                        cell(SessionModel::StateDuration),
                                        cell(SessionModel::TransactionAge),
                                        cell(SessionModel::QueryAge),
                                        format::timestamp(s.key.backendStart, true),
                                        s.leaderPid ? QString::number(s.leaderPid) : QString(),
                                        s.hasQueryId ? QString::number(s.queryId) : QString()};
    for (int i = 0; i < FieldCount; ++i)
        setField(m_fields[size_t(i)], values[i]);
    setLinks(m_blockedBy, QList<int>(s.blockedBy.begin(), s.blockedBy.end()));
    setLinks(m_blocking, m_model->blocking(s.key.server, s.key.pid));
    const QString pooled = m_poolerLookup ? m_poolerLookup(s.key) : QString();
    setField(m_poolerClient, pooled);
    if (m_form->isRowVisible(m_poolerClient) != !pooled.isEmpty())
        m_form->setRowVisible(m_poolerClient, !pooled.isEmpty());
    if (s.query != m_lastQuery) {
        m_lastQuery = s.query; // Copy gives the query as it is
        // Shown with its reordering marks and control characters visible: a U+202E in a
        // query cannot make it read backwards here.
        m_query->setPlainText(format::visible(s.query, true));
    }
    m_copy->setEnabled(!m_lastQuery.isEmpty());
}
