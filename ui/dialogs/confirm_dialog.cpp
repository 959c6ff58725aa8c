// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/confirm_dialog.h"

#include "actions/database_changes.h"
#include "models/formatter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMap>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QString grouped(const std::vector<Session> &sessions, QString (*key)(const Session &))
{
    QMap<QString, int> counts;
    for (const Session &s : sessions)
        ++counts[key(s)];
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << QStringLiteral("%1 (%2)").arg(it.key().isEmpty() ? QStringLiteral("—") : format::visible(it.key()).toHtmlEscaped()).arg(it.value());
    return parts.join(QStringLiteral(", "));
}

} // namespace

ConfirmDialog::ConfirmDialog(Context context, QWidget *parent)
    : QDialog(parent)
    , m_context(std::move(context))
{
    setObjectName(QStringLiteral("confirmDialog"));
    const int n = int(m_context.sessions.size());
    const QString server = format::visible(m_context.serverName).toHtmlEscaped();
    const QString database = format::visible(m_context.database).toHtmlEscaped();
    QString heading;
    switch (m_context.kind) {
    case ActionRequest::Terminate:
        setWindowTitle(tr("Terminate sessions"));
        heading = tr("Terminate %n session(s) on %1?", nullptr, n).arg(server);
        break;
    case ActionRequest::Cancel:
        setWindowTitle(tr("Cancel queries"));
        heading = tr("Cancel the running queries of %n session(s) on %1?", nullptr, n).arg(server);
        break;
    case ActionRequest::KillServer:
        setWindowTitle(tr("Kill all connections on this server"));
        heading = tr("Kill all connections on server <b>%1</b>? It has %n client session(s) now in %2 database(s), besides pgsessions' own; "
                     "the list is read again on the server when the action runs.",
                     nullptr, n)
                      .arg(server)
                      .arg(m_context.databaseCount);
        break;
    case ActionRequest::KillAll: {
        if (m_context.reset) {
            setWindowTitle(tr("Reset from template"));
            heading = tr("Reset database <b>%1</b> on %2? Its %n session(s) are ended with new connections blocked, it is dropped, then "
                         "created again from the template chosen below, with the same owner. Everything in it now is lost.",
                         nullptr, n)
                          .arg(database, server);
            break;
        }
        setWindowTitle(tr("Kill all connections"));
        heading = tr("Kill all connections of database <b>%1</b> on %2? It has %n session(s) now; the list is read again on the server "
                     "when the action runs.",
                     nullptr, n)
                      .arg(database, server);
        // Another role's sessions, seen without pg_read_all_stats: counted, and said so.
        const int hidden = int(std::count_if(m_context.sessions.begin(), m_context.sessions.end(), [](const Session &s) { return s.isHidden(); }));
        if (hidden)
            heading += QLatin1Char(' ') + tr("%n of them belong to other roles, whose details the server hides from role %1; they are ended too.",
                                             nullptr, hidden)
                                              .arg(m_context.privileges.role.toHtmlEscaped());
        break;
    }
    case ActionRequest::AllowConnections:
        setWindowTitle(tr("Allow connections"));
        heading = tr("Allow new connections to database <b>%1</b> on %2 again?").arg(database, server);
        if (m_context.allowsConnections == false)
            heading += QLatin1Char(' ') + tr("It refuses them now (datallowconn is false), whatever blocked it.");
        break;
    case ActionRequest::BlockConnections:
        setWindowTitle(tr("Block new connections"));
        heading = tr("Block new connections to database <b>%1</b> on %2? Sessions connected now stay; nothing is ended. It can be "
                     "allowed again from its node.")
                      .arg(database, server);
        break;
    case ActionRequest::PoolerCommand:
    case ActionRequest::PoolerKillAll:
        break; // PoolerConfirmDialog's
    }
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(heading, this);
    title->setObjectName(QStringLiteral("heading"));
    title->setWordWrap(true);
    layout->addWidget(title);

    const bool aboutConnections = m_context.kind == ActionRequest::AllowConnections || m_context.kind == ActionRequest::BlockConnections;
    if (!aboutConnections) {
        addSessionList(layout);
        addWarnings(layout);
    }
    if (m_context.kind == ActionRequest::KillAll && m_context.reset)
        addResetOptions(layout);
    else if (m_context.kind == ActionRequest::KillAll)
        addKillAllOptions(layout);
    else if (m_context.kind == ActionRequest::KillServer)
        addKillServerOptions(layout);

    if (m_context.production && !requiredConfirmation().isEmpty()) {
        auto *label = new QLabel(tr("<b>%1 is a production server.</b> Type <b>%2</b> to confirm:").arg(server, requiredConfirmation().toHtmlEscaped()),
                                 this);
        label->setWordWrap(true);
        m_typed = new QLineEdit(this);
        m_typed->setObjectName(QStringLiteral("typedConfirmation"));
        m_typed->setAccessibleName(tr("Confirmation"));
        label->setBuddy(m_typed);
        layout->addWidget(label);
        layout->addWidget(m_typed);
        connect(m_typed, &QLineEdit::textChanged, this, &ConfirmDialog::updateOk);
    }

    if (aboutConnections)
        layout->addStretch(1); // nothing to list: the question at the top, the buttons at the bottom
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setStyleSheet(QStringLiteral("color: #c01c28;"));
    layout->addWidget(m_problem);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QString okText;
    switch (m_context.kind) {
    case ActionRequest::Terminate: okText = tr("&Terminate %n session(s)", nullptr, n); break;
    case ActionRequest::Cancel: okText = tr("Cancel &queries"); break;
    case ActionRequest::KillAll: okText = m_context.reset ? tr("&Reset the database") : tr("&Kill all connections"); break;
    case ActionRequest::KillServer: okText = tr("&Kill all connections on the server"); break;
    case ActionRequest::AllowConnections: okText = tr("&Allow connections"); break;
    case ActionRequest::BlockConnections: okText = tr("&Block new connections"); break;
    case ActionRequest::PoolerCommand:
    case ActionRequest::PoolerKillAll: break;
    }
    m_buttons->button(QDialogButtonBox::Ok)->setText(okText);
    m_buttons->button(QDialogButtonBox::Cancel)->setText(aboutConnections ? tr("&No, leave it") : tr("&No, keep them"));
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true); // Enter does not end sessions
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    resize(aboutConnections ? QSize(560, 200) : QSize(760, 520));
    updateOk();
}

void ConfirmDialog::addSessionList(QVBoxLayout *layout)
{
    auto *groups = new QLabel(this);
    groups->setWordWrap(true);
    groups->setText(tr("<b>By user:</b> %1<br><b>By application:</b> %2<br><b>By client:</b> %3")
                        .arg(grouped(m_context.sessions, [](const Session &s) { return s.user; }),
                             grouped(m_context.sessions, [](const Session &s) { return s.application; }),
                             grouped(m_context.sessions, [](const Session &s) { return format::client(s); })));
    layout->addWidget(groups);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("targetList"));
    m_list->setAccessibleName(tr("Sessions to end"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("PID"), tr("User"), tr("Database"), tr("Application"), tr("Client"), tr("State"), tr("Query")});
    const QIcon refused = style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, m_list);
    for (const Session &s : m_context.sessions) {
        auto *item = new QTreeWidgetItem(m_list, {QString::number(s.key.pid), format::visible(s.user), format::visible(s.database),
                                                  format::visible(s.application), format::client(s),
                                                  s.isHidden() ? tr("hidden") : s.state, format::visible(s.query.simplified().left(200))});
        const QString denial = m_context.privileges.likelyDenial(s);
        if (!denial.isEmpty()) {
            // Marked where it is seen (an icon), heard (each cell's description) and
            // hovered (each cell's tooltip): not in a tooltip alone, which a keyboard and
            // a screen reader never reach.
            item->setIcon(0, refused);
            for (int c = 0; c < item->columnCount(); ++c) {
                item->setToolTip(c, denial);
                item->setData(c, Qt::AccessibleDescriptionRole, denial);
            }
        }
    }
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);
}

void ConfirmDialog::addWarnings(QVBoxLayout *layout)
{
    // What the server will likely refuse, and what ending these sessions does.
    int denied = 0, inTransaction = 0, background = 0;
    for (const Session &s : m_context.sessions) {
        denied += !m_context.privileges.likelyDenial(s).isEmpty();
        // An explicit transaction: idle in one, or running a statement that began after it.
        inTransaction += s.isIdleInTransaction()
                         || (s.xactStart != kNoTime && s.queryStart != kNoTime && s.xactStart < s.queryStart);
        background += !s.isClientBackend();
    }
    // Shown as last seen: the server has not answered since. A session picked is still
    // ended only if its PID and start time match (a PID reused meanwhile is left alone);
    // a kill-all ends whatever runs there then.
    if (!m_context.outOfDate.isEmpty()) {
        const QString server = format::visible(m_context.serverName).toHtmlEscaped(), why = m_context.outOfDate.toHtmlEscaped();
        QString text = m_context.unreachable
                           ? tr("%1 cannot be reached since its last poll (%2): the sessions are as they were when it was last seen, and "
                                "ending them fails until it can be reached again.")
                                 .arg(server, why)
                           : tr("The last poll of %1 failed (%2): the sessions are as they were at the poll before.").arg(server, why);
        text += QLatin1Char(' ')
            + (m_context.kind == ActionRequest::Terminate || m_context.kind == ActionRequest::Cancel
                   ? tr("A session is ended only if its PID and start time still match.")
                   : tr("Whatever runs there when the action runs is ended, not only the sessions listed."));
        m_warnings << text;
    }
    // Through a pooler: the backends are the server's, but its clients are the pooler's.
    if (m_context.pooled && m_context.kind != ActionRequest::Cancel)
        m_warnings << tr("%1 is reached through a connection pooler: a backend ended behind a transaction pool does not end its client, "
                         "which gets another backend at its next transaction. To end clients, watch the pooler's admin console "
                         "(and name it as this server's pooler).")
                          .arg(format::visible(m_context.serverName).toHtmlEscaped());
    if (denied)
        m_warnings << tr("%n session(s) will likely be refused by the server for this role (%1); the server decides.", nullptr, denied)
                          .arg(m_context.privileges.role);
    if (inTransaction && m_context.kind != ActionRequest::Cancel)
        m_warnings << tr("%n session(s) are in a transaction, which will be rolled back.", nullptr, inTransaction);
    if (inTransaction && m_context.kind == ActionRequest::Cancel)
        m_warnings << tr("Cancelling stops a running query only: an open transaction stays open.");
    if (background && m_context.kind != ActionRequest::KillAll && m_context.kind != ActionRequest::KillServer)
        m_warnings << tr("%n session(s) are background or replication processes.", nullptr, background);
    // What ending a blocker does: the sessions behind it go on, its own work rolls back.
    for (const Session &s : m_context.sessions) {
        const int behind = m_context.unblocks.value(s.key.pid);
        if (!behind)
            continue;
        if (m_context.kind == ActionRequest::Cancel)
            m_warnings << tr("PID %1 blocks %n session(s); cancelling its query does not release locks its transaction holds.", nullptr, behind)
                              .arg(s.key.pid);
        else
            m_warnings << tr("Ending PID %1 unblocks %n session(s) waiting behind it; its transaction rolls back.", nullptr, behind).arg(s.key.pid);
    }
    if (!m_warnings.isEmpty()) {
        auto *warn = new QLabel(QStringLiteral("⚠ ") + m_warnings.join(QStringLiteral("<br>⚠ ")), this);
        warn->setObjectName(QStringLiteral("warnings"));
        warn->setWordWrap(true);
        warn->setStyleSheet(QStringLiteral("color: #b26a00;"));
        layout->addWidget(warn);
    }
}

void ConfirmDialog::addKillAllOptions(QVBoxLayout *layout)
{
    auto *options = new QGroupBox(tr("Options"), this);
    auto *form = new QVBoxLayout(options);
    const bool alreadyBlocked = m_context.allowsConnections == false;
    m_block = new QCheckBox(alreadyBlocked ? tr("&Keep new connections out while it runs (the database refuses them already)")
                                           : tr("&Block new connections first (ALLOW_CONNECTIONS false)"),
                            options);
    m_block->setChecked(true);
    m_keepBlocked = new QCheckBox(tr("Keep it blocked &afterwards"), options);
    // Blocked by someone before: it stays so, unless the user says otherwise.
    m_keepBlocked->setChecked(alreadyBlocked);
    m_background = new QCheckBox(tr("Include back&ground workers"), options);
    auto *race = new QLabel(tr("Without blocking, clients and pools that reconnect at once can be back within milliseconds."), options);
    race->setWordWrap(true);
    connect(m_block, &QCheckBox::toggled, m_keepBlocked, &QWidget::setEnabled);
    connect(m_block, &QCheckBox::toggled, race, &QWidget::setHidden);
    race->setHidden(true);
    QHBoxLayout *waitRow = makeWaitRow(options);
    m_thenNothing = new QRadioButton(tr("Then do nothing more"), options);
    m_thenNothing->setChecked(true);
    m_thenDrop = new QRadioButton(m_context.serverVersion >= 130000 ? tr("Then &drop the database (WITH (FORCE))")
                                                                    : tr("Then &drop the database (without FORCE: needs PostgreSQL 13)"),
                                  options);
    m_thenRename = new QRadioButton(tr("Then &rename it to:"), options);
    m_newName = new QLineEdit(options);
    m_newName->setAccessibleName(tr("New database name"));
    m_newName->setEnabled(false);
    connect(m_thenRename, &QRadioButton::toggled, m_newName, &QWidget::setEnabled);
    for (QWidget *w : std::initializer_list<QWidget *>{m_block, m_keepBlocked, race, m_background})
        form->addWidget(w);
    if (!m_context.poolerName.isEmpty()) {
        // The pooler in front: its clients would come back through fresh server connections.
        const QString pooler = format::visible(m_context.poolerName);
        m_alsoAtPooler = new QCheckBox(m_context.poolerProblem.isEmpty()
                                           ? tr("Also at the &pooler %1: refuse and drop its %n client(s) of %2 first (DISABLE, KILL), "
                                                "let them in again afterwards (RESUME, ENABLE)",
                                                nullptr, m_context.poolerClients)
                                                 .arg(pooler, m_context.poolerDatabases.join(QStringLiteral(", ")))
                                           : tr("Also at the &pooler %1 (not possible now: %2)").arg(pooler, m_context.poolerProblem),
                                       options);
        m_alsoAtPooler->setObjectName(QStringLiteral("alsoAtPooler"));
        m_alsoAtPooler->setChecked(m_context.poolerProblem.isEmpty());
        m_alsoAtPooler->setEnabled(m_context.poolerProblem.isEmpty());
        form->addWidget(m_alsoAtPooler);
    }
    form->addLayout(waitRow);
    form->addWidget(m_thenNothing);
    form->addWidget(m_thenDrop);
    auto *renameRow = new QHBoxLayout;
    renameRow->addWidget(m_thenRename);
    renameRow->addWidget(m_newName, 1);
    form->addLayout(renameRow);
    if (m_context.standby) {
        // A standby runs no ALTER, DROP or RENAME DATABASE: only ending sessions can work.
        for (QAbstractButton *b : std::initializer_list<QAbstractButton *>{m_block, m_keepBlocked, m_thenDrop, m_thenRename}) {
            b->setChecked(false);
            b->setEnabled(false);
        }
        m_thenNothing->setChecked(true);
        disconnect(m_block, &QCheckBox::toggled, m_keepBlocked, &QWidget::setEnabled);
        race->setHidden(false);
        auto *why = new QLabel(tr("%1 is a standby (in recovery): blocking, dropping and renaming cannot run there; only ending sessions can.")
                                   .arg(m_context.serverName),
                               options);
        why->setObjectName(QStringLiteral("standbyNote"));
        why->setWordWrap(true);
        form->addWidget(why);
    }
    layout->addWidget(options);
    connect(m_newName, &QLineEdit::textChanged, this, &ConfirmDialog::updateOk);
    connect(m_thenRename, &QRadioButton::toggled, this, &ConfirmDialog::updateOk);
}

QHBoxLayout *ConfirmDialog::makeWaitRow(QWidget *options)
{
    auto *row = new QHBoxLayout;
    m_wait = new QSpinBox(options);
    m_wait->setRange(1, 600);
    m_wait->setValue(10);
    m_wait->setSuffix(tr(" s"));
    m_wait->setAccessibleName(tr("Wait until gone, at most"));
    auto *label = new QLabel(tr("&Wait until gone, at most"), options);
    label->setBuddy(m_wait);
    row->addWidget(label);
    row->addWidget(m_wait);
    row->addStretch();
    return row;
}

void ConfirmDialog::addKillServerOptions(QVBoxLayout *layout)
{
    auto *options = new QGroupBox(tr("Options"), this);
    auto *form = new QVBoxLayout(options);
    m_block = new QCheckBox(tr("&Block new connections to every database first (each allowed again afterwards, also after a failure)"), options);
    m_block->setObjectName(QStringLiteral("blockEvery"));
    m_background = new QCheckBox(tr("Include back&ground workers"), options);
    m_background->setObjectName(QStringLiteral("includeBackground"));
    m_replication = new QCheckBox(tr("Include &replication connections (standbys and replication clients lose their stream)"), options);
    m_replication->setObjectName(QStringLiteral("includeReplication"));
    auto *race = new QLabel(tr("Without blocking, clients and pools that reconnect at once can be back within milliseconds."), options);
    race->setWordWrap(true);
    connect(m_block, &QCheckBox::toggled, race, &QWidget::setHidden);
    QHBoxLayout *waitRow = makeWaitRow(options);
    for (QWidget *w : std::initializer_list<QWidget *>{m_block, race, m_background, m_replication})
        form->addWidget(w);
    form->addLayout(waitRow);
    if (m_context.standby) {
        m_block->setEnabled(false);
        auto *why = new QLabel(tr("%1 is a standby (in recovery): blocking cannot run there; only ending sessions can.").arg(m_context.serverName), options);
        why->setObjectName(QStringLiteral("standbyNote"));
        why->setWordWrap(true);
        form->addWidget(why);
    }
    layout->addWidget(options);
}

void ConfirmDialog::addResetOptions(QVBoxLayout *layout)
{
    auto *options = new QGroupBox(tr("Options"), this);
    auto *form = new QVBoxLayout(options);
    auto *row = new QHBoxLayout;
    m_template = new QComboBox(options);
    m_template->setObjectName(QStringLiteral("template"));
    m_template->setAccessibleName(tr("Template"));
    m_template->addItem(tr("None: create it empty (from template0)"), QString());
    for (const QString &t : std::as_const(m_context.templates))
        if (t != m_context.database && t != QLatin1String("template0"))
            m_template->addItem(format::visible(t), t);
    auto *label = new QLabel(tr("Create it again &from"), options);
    label->setBuddy(m_template);
    row->addWidget(label);
    row->addWidget(m_template, 1);
    form->addLayout(row);
    auto *note = new QLabel(options);
    note->setObjectName(QStringLiteral("templateNote"));
    note->setWordWrap(true);
    const auto explain = [this, note] {
        const QString t = m_template->currentData().toString();
        note->setText(t.isEmpty() ? tr("CREATE DATABASE copies template0: nothing of the site's template1 comes along.")
                                  : tr("The sessions connected to \"%1\" are ended too: CREATE DATABASE copies a template only while "
                                       "nobody is connected to it.")
                                        .arg(format::visible(t)));
    };
    connect(m_template, &QComboBox::currentIndexChanged, this, explain);
    explain();
    form->addWidget(note);
    QHBoxLayout *waitRow = makeWaitRow(options);
    form->addLayout(waitRow);
    layout->addWidget(options);
}

bool ConfirmDialog::alsoAtPooler() const
{
    return m_alsoAtPooler && m_alsoAtPooler->isEnabled() && m_alsoAtPooler->isChecked();
}

QString ConfirmDialog::requiredConfirmation() const
{
    if (!m_context.production)
        return {};
    switch (m_context.kind) {
    case ActionRequest::KillAll:
    case ActionRequest::BlockConnections:
        return m_context.database;
    case ActionRequest::KillServer:
        return m_context.serverName;
    case ActionRequest::AllowConnections:
        return {}; // giving connections back is never the dangerous direction
    default:
        return QString::number(m_context.sessions.size());
    }
}

QString ConfirmDialog::problem() const
{
    if (!m_context.journalProblem.isEmpty())
        return m_context.journalProblem;
    if (m_context.standby && (m_context.kind == ActionRequest::AllowConnections || m_context.kind == ActionRequest::BlockConnections))
        return tr("%1 is a standby (in recovery): ALTER DATABASE cannot run there.").arg(m_context.serverName);
    if (m_context.standby && m_context.reset)
        return tr("%1 is a standby (in recovery): DROP and CREATE DATABASE cannot run there.").arg(m_context.serverName);
    if (m_thenRename && m_thenRename->isChecked()) {
        const int bytes = int(m_newName->text().toUtf8().size());
        if (bytes > DatabaseChanges::kMaxNameBytes)
            return tr("The new name is %1 bytes long; PostgreSQL keeps at most %2 bytes of a database name.").arg(bytes).arg(DatabaseChanges::kMaxNameBytes);
    }
    return {};
}

void ConfirmDialog::updateOk()
{
    bool ok = m_context.kind != ActionRequest::Terminate && m_context.kind != ActionRequest::Cancel ? true : !m_context.sessions.empty();
    if (m_typed)
        ok = ok && m_typed->text() == requiredConfirmation();
    if (m_thenRename && m_thenRename->isChecked())
        ok = ok && !m_newName->text().isEmpty() && m_newName->text() != m_context.database;
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok && why.isEmpty());
    if (m_confirmable != (ok && why.isEmpty())) {
        m_confirmable = ok && why.isEmpty();
        emit confirmableChanged(m_confirmable);
    }
}

void ConfirmDialog::embed()
{
    setWindowFlags(Qt::Widget);
    m_buttons->hide();
    layout()->setContentsMargins(0, 0, 0, 0);
}

ActionRequest ConfirmDialog::request() const
{
    ActionRequest r;
    r.kind = m_context.kind;
    r.serverName = m_context.serverName;
    r.database = m_context.database;
    if (m_context.kind == ActionRequest::KillAll && m_context.reset) {
        r.blockNewConnections = true;
        r.after = ActionRequest::Reset;
        r.templateName = m_template->currentData().toString();
        r.waitMs = m_wait->value() * 1000;
    } else if (m_context.kind == ActionRequest::KillServer) {
        r.includeBackgroundWorkers = m_background->isChecked();
        r.includeReplication = m_replication->isChecked();
        r.blockNewConnections = m_block->isChecked();
        r.waitMs = m_wait->value() * 1000;
    } else if (m_context.kind == ActionRequest::KillAll) {
        r.includeBackgroundWorkers = m_background->isChecked();
        r.blockNewConnections = m_block->isChecked();
        r.keepBlocked = m_block->isChecked() && m_keepBlocked->isChecked();
        r.waitMs = m_wait->value() * 1000;
        r.after = m_thenDrop->isChecked() ? ActionRequest::Drop : m_thenRename->isChecked() ? ActionRequest::Rename : ActionRequest::Nothing;
        r.newName = m_newName->text();
    } else if (m_context.kind == ActionRequest::Terminate || m_context.kind == ActionRequest::Cancel) {
        for (const Session &s : m_context.sessions)
            r.targets.push_back(BackendTarget::fromSession(s));
    }
    return r;
}
