// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/rule_dialog.h"

#include "models/formatter.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "servers/watchdog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

const char *const kStates[] = {"active", "idle in transaction", "idle in transaction (aborted)", "idle", "fastpath function call", "disabled"};

QSpinBox *secondsBox(QWidget *parent, const QString &accessible)
{
    auto *box = new QSpinBox(parent);
    box->setRange(-1, 7 * 24 * 3600);
    box->setValue(-1);
    box->setSpecialValueText(QCoreApplication::translate("RuleDialog", "any"));
    box->setSuffix(QCoreApplication::translate("RuleDialog", " s"));
    box->setAccessibleName(accessible);
    box->setMaximumWidth(box->fontMetrics().horizontalAdvance(QStringLiteral("0000000 s")) + 60);
    return box;
}

} // namespace

RuleDialog::RuleDialog(ServerRegistry *registry, int server, QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_server(server)
{
    setObjectName(QStringLiteral("ruleDialog"));
    setWindowTitle(tr("Select sessions on %1").arg(format::visible(registry->options(server).name)));
    auto *layout = new QVBoxLayout(this);

    auto *savedRow = new QHBoxLayout;
    m_saved = new QComboBox(this);
    m_saved->setObjectName(QStringLiteral("savedRules"));
    m_saved->setAccessibleName(tr("Saved rules"));
    auto *savedLabel = new QLabel(tr("Sa&ved rules:"), this);
    savedLabel->setBuddy(m_saved);
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setAccessibleName(tr("Delete the saved rule"));
    savedRow->addWidget(savedLabel);
    savedRow->addWidget(m_saved, 1);
    savedRow->addWidget(m_delete);
    layout->addLayout(savedRow);

    auto *conditions = new QGroupBox(tr("Sessions that match all of these (empty: any)"), this);
    auto *form = new QFormLayout(conditions);
    auto *states = new QHBoxLayout;
    for (const char *state : kStates) {
        auto *box = new QCheckBox(QString::fromLatin1(state), conditions);
        box->setObjectName(QStringLiteral("state:") + QString::fromLatin1(state));
        box->setAccessibleName(tr("State %1").arg(QString::fromLatin1(state)));
        m_states << box;
        states->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &RuleDialog::update);
    }
    states->addStretch();
    form->addRow(tr("State is any of:"), states);
    m_idleInTransaction = secondsBox(conditions, tr("Idle in transaction for at least, seconds"));
    m_queryRunning = secondsBox(conditions, tr("Query running for at least, seconds"));
    m_transactionAge = secondsBox(conditions, tr("Transaction older than, seconds"));
    form->addRow(tr("&Idle in transaction for at least:"), m_idleInTransaction);
    form->addRow(tr("&Query running for at least:"), m_queryRunning);
    form->addRow(tr("&Transaction older than:"), m_transactionAge);
    for (QSpinBox *box : {m_idleInTransaction, m_queryRunning, m_transactionAge})
        connect(box, &QSpinBox::valueChanged, this, &RuleDialog::update);
    const std::pair<const char *, QString> fields[] = {
        {"user", tr("&User:")},         {"application", tr("&Application:")}, {"database", tr("Data&base:")},
        {"client", tr("&Client address:")}, {"wait", tr("&Wait event:")},     {"backendType", tr("Backend t&ype:")},
    };
    for (const auto &[name, label] : fields) {
        auto *edit = new QLineEdit(conditions);
        edit->setObjectName(QString::fromLatin1(name));
        edit->setPlaceholderText(tr("any; * matches any characters, ? one"));
        QString accessible = label;
        accessible.remove(QLatin1Char('&')).chop(1);
        edit->setAccessibleName(accessible);
        form->addRow(label, edit);
        m_fields << edit;
        connect(edit, &QLineEdit::textChanged, this, &RuleDialog::update);
    }
    field(QStringLiteral("backendType"))->setPlaceholderText(tr("client backends; name a type (\"walsender\", \"autovacuum worker\", *) for others"));
    field(QStringLiteral("wait"))->setPlaceholderText(tr("any; \"Lock\", \"Lock: transactionid\", \"ClientRead\", * and ?"));
    layout->addWidget(conditions);

    m_describe = new QLabel(this);
    m_describe->setObjectName(QStringLiteral("ruleText"));
    m_describe->setWordWrap(true);
    m_describe->setTextFormat(Qt::PlainText);
    layout->addWidget(m_describe);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("matchCount"));
    m_count->setTextFormat(Qt::PlainText);
    QFont bold = m_count->font();
    bold.setBold(true);
    m_count->setFont(bold);
    layout->addWidget(m_count);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("matchList"));
    m_list->setAccessibleName(tr("Sessions that match now"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("PID"), tr("User"), tr("Database"), tr("Application"), tr("Client"), tr("State"), tr("Query")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);

    auto *nameRow = new QHBoxLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("ruleName"));
    m_name->setAccessibleName(tr("Rule name"));
    auto *nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(m_name);
    m_save = new QPushButton(tr("&Save rule"), this);
    m_save->setObjectName(QStringLiteral("saveRule"));
    nameRow->addWidget(nameLabel);
    nameRow->addWidget(m_name, 1);
    nameRow->addWidget(m_save);
    layout->addLayout(nameRow);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_select = buttons->addButton(tr("Se&lect them"), QDialogButtonBox::AcceptRole);
    m_select->setObjectName(QStringLiteral("selectThem"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_save, &QPushButton::clicked, this, &RuleDialog::save);
    connect(m_delete, &QPushButton::clicked, this, &RuleDialog::remove);
    connect(m_name, &QLineEdit::textChanged, this, &RuleDialog::update);
    connect(m_saved, &QComboBox::activated, this, [this](int index) {
        if (index > 0 && index <= m_rules.size())
            setRule(m_rules.at(index - 1));
        update();
    });
    // The count follows the server: again at every poll while the dialog is open.
    connect(registry, &ServerRegistry::snapshotReady, this, [this](const SnapshotPtr &snapshot) {
        if (snapshot->server == m_server)
            update();
    });
    loadSaved();
    resize(820, 680);
    update();
}

QLineEdit *RuleDialog::field(const QString &name) const
{
    for (QLineEdit *e : m_fields)
        if (e->objectName() == name)
            return e;
    return nullptr;
}

QCheckBox *RuleDialog::stateBox(const QString &state) const
{
    for (QCheckBox *b : m_states)
        if (b->text() == state)
            return b;
    return nullptr;
}

SessionRule RuleDialog::rule() const
{
    SessionRule r;
    r.name = m_name->text().trimmed();
    for (const QCheckBox *b : m_states)
        if (b->isChecked())
            r.states << b->text();
    r.idleInTransactionSeconds = m_idleInTransaction->value();
    r.queryRunningSeconds = m_queryRunning->value();
    r.transactionAgeSeconds = m_transactionAge->value();
    r.user = field(QStringLiteral("user"))->text().trimmed();
    r.application = field(QStringLiteral("application"))->text().trimmed();
    r.database = field(QStringLiteral("database"))->text().trimmed();
    r.clientAddress = field(QStringLiteral("client"))->text().trimmed();
    r.waitEvent = field(QStringLiteral("wait"))->text().trimmed();
    r.backendType = field(QStringLiteral("backendType"))->text().trimmed();
    return r;
}

void RuleDialog::setRule(const SessionRule &r)
{
    m_name->setText(r.name);
    for (QCheckBox *b : m_states)
        b->setChecked(r.states.contains(b->text()));
    m_idleInTransaction->setValue(r.idleInTransactionSeconds);
    m_queryRunning->setValue(r.queryRunningSeconds);
    m_transactionAge->setValue(r.transactionAgeSeconds);
    field(QStringLiteral("user"))->setText(r.user);
    field(QStringLiteral("application"))->setText(r.application);
    field(QStringLiteral("database"))->setText(r.database);
    field(QStringLiteral("client"))->setText(r.clientAddress);
    field(QStringLiteral("wait"))->setText(r.waitEvent);
    field(QStringLiteral("backendType"))->setText(r.backendType);
    update();
}

void RuleDialog::update()
{
    const SessionRule r = rule();
    m_matching.clear();
    const ServerMonitor *monitor = m_registry->monitor(m_server);
    const SnapshotPtr snapshot = monitor ? monitor->lastSnapshot() : SnapshotPtr();
    if (snapshot && r.hasConditions())
        m_matching = Watchdog::matching(r, *snapshot);
    m_describe->setText(r.hasConditions() ? tr("Sessions where %1.").arg(r.describe()) : tr("No condition yet: a rule needs at least one."));
    if (!snapshot)
        m_count->setText(tr("The server has not been polled yet: nothing to count."));
    else
        m_count->setText(tr("%n session(s) match now.", nullptr, int(m_matching.size())));
    m_count->setAccessibleName(m_count->text());
    m_list->clear();
    for (const Session &s : m_matching)
        new QTreeWidgetItem(m_list, {QString::number(s.key.pid), format::visible(s.user), format::visible(s.database), format::visible(s.application),
                                     format::client(s), s.state, format::visible(s.query.simplified().left(200))});
    m_select->setEnabled(!m_matching.empty());
    m_save->setEnabled(r.hasConditions() && !r.name.isEmpty());
    m_delete->setEnabled(m_saved->currentIndex() > 0);
}

void RuleDialog::loadSaved()
{
    QSettings settings;
    m_rules = SessionRule::load(settings);
    const QString current = m_name->text();
    m_saved->clear();
    m_saved->addItem(tr("(a new rule)"));
    for (const SessionRule &r : std::as_const(m_rules))
        m_saved->addItem(r.name);
    const int at = m_saved->findText(current);
    m_saved->setCurrentIndex(current.isEmpty() || at < 0 ? 0 : at);
}

void RuleDialog::save()
{
    const SessionRule r = rule();
    if (!r.hasConditions() || r.name.isEmpty())
        return;
    QSettings settings;
    QList<SessionRule> rules = SessionRule::load(settings);
    bool replaced = false;
    for (SessionRule &old : rules) {
        if (old.name == r.name) {
            old = r;
            replaced = true;
        }
    }
    if (!replaced)
        rules << r;
    SessionRule::save(settings, rules);
    settings.sync();
    if (settings.status() != QSettings::NoError) {
        QMessageBox::warning(this, windowTitle(), tr("The rule could not be saved: the settings file cannot be written."));
        return;
    }
    loadSaved();
    update();
}

void RuleDialog::remove()
{
    const int index = m_saved->currentIndex();
    if (index <= 0 || index > m_rules.size())
        return;
    const QString name = m_rules.at(index - 1).name;
    if (const Watchdog::Armed *armed = m_registry->watchdog()->armed(m_server); armed && armed->rule.name == name) {
        QMessageBox::information(this, windowTitle(), tr("Rule \"%1\" is armed on this server: disarm it first.").arg(name));
        return;
    }
    QSettings settings;
    QList<SessionRule> rules = SessionRule::load(settings);
    rules.removeIf([&](const SessionRule &r) { return r.name == name; });
    SessionRule::save(settings, rules);
    m_name->clear();
    loadSaved();
    update();
}
