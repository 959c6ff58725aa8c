// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/server_list_dialog.h"

#include "dialogs/colour_swatch.h"
#include "dialogs/dialog_helpers.h"
#include "dialogs/import_servers_dialog.h"
#include "dialogs/server_profile_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

#include <algorithm>

ServerListDialog::ServerListDialog(QList<ServerProfile> profiles, QString keychainProblem, QWidget *parent)
    : QDialog(parent)
    , m_profiles(std::move(profiles))
    , m_keychainProblem(std::move(keychainProblem))
{
    setObjectName(QStringLiteral("serverListDialog"));
    setWindowTitle(tr("Servers"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Saved servers are watched at every start, in this order. Passwords are never saved with them."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *row = new QHBoxLayout;
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("serverList"));
    m_list->setAccessibleName(tr("Saved servers"));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection); // several for Set group and Remove
    row->addWidget(m_list, 1);
    auto *buttons = new QVBoxLayout;
    const auto make = [this, buttons](const QString &name, const QString &text, auto slot) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, slot);
        buttons->addWidget(b);
        return b;
    };
    make(QStringLiteral("add"), tr("&Add…"), &ServerListDialog::addProfile);
    make(QStringLiteral("edit"), tr("&Edit…"), &ServerListDialog::editCurrent);
    make(QStringLiteral("duplicate"), tr("D&uplicate"), &ServerListDialog::duplicateCurrent);
    make(QStringLiteral("remove"), tr("&Remove"), &ServerListDialog::removeCurrent);
    make(QStringLiteral("import"), tr("&Import…"), [this] {
        ImportServersDialog dialog(m_profiles, this);
        if (m_importHook)
            m_importHook(&dialog);
        if (dialog.exec() == QDialog::Accepted)
            importProfiles(dialog.profiles());
    })->setToolTip(tr("Services from pg_service.conf, or connection strings pasted one per line"));
    buttons->addSpacing(12);
    make(QStringLiteral("setGroup"), tr("Set &group…"), &ServerListDialog::setGroupOfSelected)
        ->setToolTip(tr("The folder of the selected servers in the server tree"));
    make(QStringLiteral("renameGroup"), tr("Re&name group…"), &ServerListDialog::renameGroupOfCurrent)
        ->setToolTip(tr("A new name for the group of the current server, for every server in it"));
    buttons->addSpacing(12);
    make(QStringLiteral("up"), tr("Move u&p"), [this] { moveCurrent(-1); })->setToolTip(tr("Ctrl+Up"));
    make(QStringLiteral("down"), tr("Move do&wn"), [this] { moveCurrent(1); })->setToolTip(tr("Ctrl+Down"));
    buttons->addStretch(1);
    row->addLayout(buttons);
    layout->addLayout(row, 1);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(box);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_list, &QListWidget::itemActivated, this, [this] { editCurrent(); });
    dialog_helpers::activateOnEnter(m_list); // Enter edits; it does not press OK too
    connect(m_list, &QListWidget::currentRowChanged, this, &ServerListDialog::updateButtons);
    connect(m_list, &QListWidget::itemSelectionChanged, this, &ServerListDialog::updateButtons);
    auto *up = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up), m_list);
    connect(up, &QShortcut::activated, this, [this] { moveCurrent(-1); });
    auto *down = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down), m_list);
    connect(down, &QShortcut::activated, this, [this] { moveCurrent(1); });
    auto *del = new QShortcut(QKeySequence::Delete, m_list);
    connect(del, &QShortcut::activated, this, &ServerListDialog::removeCurrent);
    auto *ins = new QShortcut(QKeySequence(Qt::Key_Insert), m_list);
    connect(ins, &QShortcut::activated, this, &ServerListDialog::addProfile);
    refill(m_profiles.isEmpty() ? -1 : 0);
    m_groupsAtStart = groups();
    resize(560, 360);
}

QPushButton *ServerListDialog::button(const QString &objectName) const
{
    return findChild<QPushButton *>(objectName);
}

void ServerListDialog::refill(int current, const QList<int> &selected)
{
    m_list->clear();
    for (const ServerProfile &p : std::as_const(m_profiles)) {
        QString text = p.displayName();
        if (p.production)
            text += tr(" [production]");
        if (!p.group.isEmpty())
            text += tr(" — group %1").arg(p.group);
        const Expected<ConnectionSpec> spec = p.spec();
        QString tip = spec.ok() ? spec->toConninfo() : spec.error().message();
        if (p.kind == ServerKind::PatroniCluster) {
            text += tr(" — Patroni cluster");
            tip = tr("Patroni cluster at %1; each member reached with: %2").arg(p.patroniUrl, tip);
        }
        auto *item = new QListWidgetItem(text, m_list); // the list owns it
        item->setToolTip(tip);
        item->setIcon(colourSwatch(p.colour));
    }
    // The current row selected alone, or current among those selected (a row the user
    // took out of the selection stays out).
    m_list->setCurrentRow(std::min(current, int(m_profiles.size()) - 1),
                          selected.isEmpty() ? QItemSelectionModel::ClearAndSelect : QItemSelectionModel::NoUpdate);
    for (const int row : selected) {
        if (QListWidgetItem *item = m_list->item(row))
            item->setSelected(true);
    }
    updateButtons();
}

QList<int> ServerListDialog::selectedRows() const
{
    QList<int> rows;
    for (int r = 0; r < m_list->count(); ++r) {
        if (m_list->item(r)->isSelected())
            rows << r;
    }
    if (rows.isEmpty() && m_list->currentRow() >= 0)
        rows << m_list->currentRow();
    return rows;
}

QStringList ServerListDialog::groups() const
{
    QStringList out;
    for (const ServerProfile &p : std::as_const(m_profiles)) {
        if (!p.group.isEmpty() && !out.contains(p.group))
            out << p.group;
    }
    return out;
}

bool ServerListDialog::ask(QInputDialog &dialog)
{
    if (m_inputHook)
        m_inputHook(&dialog);
    return dialog.exec() == QDialog::Accepted;
}

void ServerListDialog::setGroupOfSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("setGroupDialog"));
    dialog.setWindowTitle(tr("Set group"));
    dialog.setLabelText(rows.size() == 1 ? tr("&Group of %1 (empty: none):").arg(m_profiles[rows.first()].displayName())
                                         : tr("&Group of the %n selected server(s) (empty: none):", nullptr, int(rows.size())));
    dialog.setComboBoxEditable(true);
    dialog.setComboBoxItems(QStringList{QString()} + groups());
    // The group they share, if they share one.
    const QString first = m_profiles[rows.first()].group;
    const bool shared = std::all_of(rows.begin(), rows.end(), [&](int r) { return m_profiles[r].group == first; });
    dialog.setTextValue(shared ? first : QString());
    if (!ask(dialog))
        return;
    for (const int r : rows)
        m_profiles[r].group = dialog.textValue().trimmed();
    refill(m_list->currentRow(), rows);
}

void ServerListDialog::renameGroupOfCurrent()
{
    const int row = m_list->currentRow();
    const QString group = row >= 0 ? m_profiles[row].group : QString();
    if (group.isEmpty())
        return;
    const QString name = dialog_helpers::askNewGroupName(this, group, groups(), m_inputHook, m_questionHook);
    if (name.isEmpty())
        return;
    const QList<int> selected = selectedRows();
    for (ServerProfile &p : m_profiles) {
        if (p.group == group)
            p.group = name;
    }
    // By the names they had when the dialog opened: renamed again, or renamed now.
    for (QString &to : m_renamedGroups) {
        if (to == group)
            to = name;
    }
    if (m_groupsAtStart.contains(group) && !m_renamedGroups.contains(group))
        m_renamedGroups.insert(group, name);
    m_renamedGroups.remove(name); // back to the name it had: not renamed
    refill(row, selected);
}

void ServerListDialog::updateButtons()
{
    const int row = m_list->currentRow();
    const bool any = row >= 0;
    button(QStringLiteral("edit"))->setEnabled(any);
    button(QStringLiteral("duplicate"))->setEnabled(any);
    button(QStringLiteral("remove"))->setEnabled(any);
    button(QStringLiteral("setGroup"))->setEnabled(any);
    button(QStringLiteral("renameGroup"))->setEnabled(any && !m_profiles[row].group.isEmpty());
    button(QStringLiteral("up"))->setEnabled(row > 0);
    button(QStringLiteral("down"))->setEnabled(any && row < m_profiles.size() - 1);
}

bool ServerListDialog::edit(ServerProfile &profile)
{
    ServerProfileDialog dialog(profile, m_keychainProblem, this);
    QList<QPair<QString, QString>> poolers;
    for (const ServerProfile &p : std::as_const(m_profiles)) {
        if (p.kind == ServerKind::PoolerConsole)
            poolers.append({p.id, p.displayName()});
    }
    dialog.setPoolers(poolers);
    dialog.setGroups(groups());
    if (m_editorHook)
        m_editorHook(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    profile = dialog.profile();
    if (!dialog.password().isEmpty())
        m_passwords.insert(profile.id, dialog.password());
    return true;
}

void ServerListDialog::importProfiles(const QList<ServerProfile> &profiles)
{
    const int first = int(m_profiles.size());
    for (const ServerProfile &p : profiles) {
        if (std::none_of(m_profiles.begin(), m_profiles.end(), [&](const ServerProfile &q) { return q.sameConnection(p); }))
            m_profiles.append(p);
    }
    refill(m_profiles.size() > first ? first : m_list->currentRow());
}

void ServerListDialog::addProfile()
{
    ServerProfile p = ServerProfile::create();
    if (!edit(p))
        return;
    m_profiles.append(p);
    refill(int(m_profiles.size()) - 1);
}

void ServerListDialog::editCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    ServerProfile p = m_profiles[row];
    if (!edit(p))
        return;
    m_profiles[row] = p;
    refill(row);
}

void ServerListDialog::duplicateCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    ServerProfile copy = m_profiles[row];
    copy.id = ServerProfile::create().id; // its own keychain entry
    copy.rememberPassword = false;
    copy.name = tr("%1 (copy)").arg(m_profiles[row].displayName());
    m_profiles.insert(row + 1, copy);
    refill(row + 1);
}

void ServerListDialog::removeCurrent()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    for (auto r = rows.crbegin(); r != rows.crend(); ++r) {
        m_passwords.remove(m_profiles[*r].id);
        m_profiles.removeAt(*r);
    }
    refill(rows.first());
}

void ServerListDialog::moveCurrent(int by)
{
    const int row = m_list->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_profiles.size())
        return;
    m_profiles.move(row, to);
    refill(to);
}
