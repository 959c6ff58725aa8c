// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/confirm_dialog.h"

#include "models/formatter.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
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
        parts << QStringLiteral("%1 (%2)").arg(it.key().isEmpty() ? QStringLiteral("—") : it.key().toHtmlEscaped()).arg(it.value());
    return parts.join(QStringLiteral(", "));
}

} // namespace

ConfirmDialog::ConfirmDialog(Context context, QWidget *parent)
    : QDialog(parent)
    , m_context(std::move(context))
{
    setObjectName(QStringLiteral("confirmDialog"));
    const int n = int(m_context.sessions.size());
    const bool killAll = m_context.kind == ActionRequest::KillAll;
    QString heading;
    switch (m_context.kind) {
    case ActionRequest::Terminate:
        setWindowTitle(tr("Terminate sessions"));
        heading = tr("Terminate %n session(s) on %1?", nullptr, n).arg(m_context.serverName.toHtmlEscaped());
        break;
    case ActionRequest::Cancel:
        setWindowTitle(tr("Cancel queries"));
        heading = tr("Cancel the running queries of %n session(s) on %1?", nullptr, n).arg(m_context.serverName.toHtmlEscaped());
        break;
    case ActionRequest::KillAll:
        setWindowTitle(tr("Kill all connections"));
        heading = tr("Kill all connections of database <b>%1</b> on %2? It has %n session(s) now; the list is read again on the server "
                     "when the action runs.",
                     nullptr, n)
                      .arg(m_context.database.toHtmlEscaped(), m_context.serverName.toHtmlEscaped());
        break;
    }
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(heading, this);
    title->setWordWrap(true);
    layout->addWidget(title);

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
    for (const Session &s : m_context.sessions) {
        auto *item = new QTreeWidgetItem(m_list, {QString::number(s.key.pid), s.user, s.database, s.application, format::client(s),
                                                  s.state, s.query.simplified().left(200)});
        const QString denial = m_context.privileges.likelyDenial(s);
        if (!denial.isEmpty())
            item->setToolTip(0, denial);
    }
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);

    // Warnings: what the server will likely refuse, and what ending these sessions does.
    int denied = 0, inTransaction = 0, background = 0;
    for (const Session &s : m_context.sessions) {
        denied += !m_context.privileges.likelyDenial(s).isEmpty();
        // An explicit transaction: idle in one, or running a statement that began after it.
        inTransaction += s.state.startsWith(QLatin1String("idle in transaction"))
                         || (s.xactStart != kNoTime && s.queryStart != kNoTime && s.xactStart < s.queryStart);
        background += !s.isClientBackend();
    }
    if (denied)
        m_warnings << tr("%n session(s) will likely be refused by the server for this role (%1); the server decides.", nullptr, denied)
                          .arg(m_context.privileges.role);
    if (inTransaction && m_context.kind != ActionRequest::Cancel)
        m_warnings << tr("%n session(s) are in a transaction, which will be rolled back.", nullptr, inTransaction);
    if (inTransaction && m_context.kind == ActionRequest::Cancel)
        m_warnings << tr("Cancelling stops a running query only: an open transaction stays open.");
    if (background && !killAll)
        m_warnings << tr("%n session(s) are background or replication processes.", nullptr, background);
    if (!m_warnings.isEmpty()) {
        auto *warn = new QLabel(QStringLiteral("⚠ ") + m_warnings.join(QStringLiteral("<br>⚠ ")), this);
        warn->setObjectName(QStringLiteral("warnings"));
        warn->setWordWrap(true);
        warn->setStyleSheet(QStringLiteral("color: #b26a00;"));
        layout->addWidget(warn);
    }

    if (killAll) {
        auto *options = new QGroupBox(tr("Options"), this);
        auto *form = new QVBoxLayout(options);
        m_block = new QCheckBox(tr("&Block new connections first (ALLOW_CONNECTIONS false)"), options);
        m_block->setChecked(true);
        m_keepBlocked = new QCheckBox(tr("Keep it blocked &afterwards"), options);
        m_background = new QCheckBox(tr("Include &background workers"), options);
        auto *race = new QLabel(tr("Without blocking, clients and pools that reconnect at once can be back within milliseconds."), options);
        race->setWordWrap(true);
        connect(m_block, &QCheckBox::toggled, m_keepBlocked, &QWidget::setEnabled);
        connect(m_block, &QCheckBox::toggled, race, &QWidget::setHidden);
        race->setHidden(true);
        auto *waitRow = new QHBoxLayout;
        m_wait = new QSpinBox(options);
        m_wait->setRange(1, 600);
        m_wait->setValue(10);
        m_wait->setSuffix(tr(" s"));
        m_wait->setAccessibleName(tr("Wait until gone, at most"));
        auto *waitLabel = new QLabel(tr("&Wait until gone, at most"), options);
        waitLabel->setBuddy(m_wait);
        waitRow->addWidget(waitLabel);
        waitRow->addWidget(m_wait);
        waitRow->addStretch();
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
        form->addLayout(waitRow);
        form->addWidget(m_thenNothing);
        form->addWidget(m_thenDrop);
        auto *renameRow = new QHBoxLayout;
        renameRow->addWidget(m_thenRename);
        renameRow->addWidget(m_newName, 1);
        form->addLayout(renameRow);
        layout->addWidget(options);
        connect(m_newName, &QLineEdit::textChanged, this, &ConfirmDialog::updateOk);
        connect(m_thenRename, &QRadioButton::toggled, this, &ConfirmDialog::updateOk);
    }

    if (m_context.production) {
        auto *label = new QLabel(tr("<b>%1 is a production server.</b> Type <b>%2</b> to confirm:")
                                     .arg(m_context.serverName.toHtmlEscaped(), requiredConfirmation().toHtmlEscaped()),
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

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QString okText;
    switch (m_context.kind) {
    case ActionRequest::Terminate: okText = tr("&Terminate %n session(s)", nullptr, n); break;
    case ActionRequest::Cancel: okText = tr("Cancel &queries"); break;
    case ActionRequest::KillAll: okText = tr("&Kill all connections"); break;
    }
    m_buttons->button(QDialogButtonBox::Ok)->setText(okText);
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("&No, keep them"));
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true); // Enter does not end sessions
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    resize(760, 520);
    updateOk();
}

QString ConfirmDialog::requiredConfirmation() const
{
    if (!m_context.production)
        return {};
    return m_context.kind == ActionRequest::KillAll ? m_context.database : QString::number(m_context.sessions.size());
}

void ConfirmDialog::updateOk()
{
    bool ok = m_context.kind == ActionRequest::KillAll || !m_context.sessions.empty();
    if (m_typed)
        ok = ok && m_typed->text() == requiredConfirmation();
    if (m_thenRename && m_thenRename->isChecked())
        ok = ok && !m_newName->text().isEmpty() && m_newName->text() != m_context.database;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

ActionRequest ConfirmDialog::request() const
{
    ActionRequest r;
    r.kind = m_context.kind;
    r.serverName = m_context.serverName;
    if (m_context.kind == ActionRequest::KillAll) {
        r.database = m_context.database;
        r.includeBackgroundWorkers = m_background->isChecked();
        r.blockNewConnections = m_block->isChecked();
        r.keepBlocked = m_block->isChecked() && m_keepBlocked->isChecked();
        r.waitMs = m_wait->value() * 1000;
        r.after = m_thenDrop->isChecked() ? ActionRequest::Drop : m_thenRename->isChecked() ? ActionRequest::Rename : ActionRequest::Nothing;
        r.newName = m_newName->text();
    } else {
        for (const Session &s : m_context.sessions)
            r.targets.push_back(BackendTarget::fromSession(s));
    }
    return r;
}
