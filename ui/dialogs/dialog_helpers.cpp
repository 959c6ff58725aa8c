// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/dialog_helpers.h"

#include <QCoreApplication>
#include <QInputDialog>
#include <QKeyEvent>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>

namespace {

/// Takes Enter from a list: activates its current item instead of letting the key reach
/// the dialog (whose default button it would press).
class EnterActivates : public QObject
{
public:
    explicit EnterActivates(QListWidget *list)
        : QObject(list)
        , m_list(list)
    {
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched != m_list || event->type() != QEvent::KeyPress)
            return false;
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() != Qt::Key_Return && key->key() != Qt::Key_Enter) || (key->modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier)
            return false;
        if (QListWidgetItem *item = m_list->currentItem())
            emit m_list->itemActivated(item);
        return true;
    }

private:
    QListWidget *m_list;
};

} // namespace

namespace dialog_helpers {

bool askToMergeGroups(QWidget *parent, const QString &from, const QString &to, const std::function<void(QMessageBox *)> &hook)
{
    QMessageBox question(QMessageBox::Question, QCoreApplication::translate("GroupQuestion", "Rename group"),
                         QCoreApplication::translate("GroupQuestion", "A group named %1 exists already. Move the servers of %2 into it?").arg(to, from),
                         QMessageBox::Cancel, parent);
    question.setObjectName(QStringLiteral("mergeGroupsQuestion"));
    QPushButton *into = question.addButton(QCoreApplication::translate("GroupQuestion", "&Move into %1").arg(to), QMessageBox::AcceptRole);
    question.setDefaultButton(QMessageBox::Cancel);
    if (hook)
        hook(&question);
    question.exec();
    return question.clickedButton() == into;
}

QString askNewGroupName(QWidget *parent, const QString &group, const QStringList &groups, const std::function<void(QInputDialog *)> &inputHook,
                        const std::function<void(QMessageBox *)> &questionHook)
{
    QInputDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("renameGroupDialog"));
    dialog.setWindowTitle(QCoreApplication::translate("GroupQuestion", "Rename group"));
    dialog.setLabelText(QCoreApplication::translate("GroupQuestion", "&New name of group %1:").arg(group));
    dialog.setTextValue(group);
    if (inputHook)
        inputHook(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    const QString name = dialog.textValue().trimmed();
    if (name == group || (groups.contains(name) && !askToMergeGroups(parent, group, name, questionHook)))
        return {};
    return name;
}

void activateOnEnter(QListWidget *list)
{
    list->installEventFilter(new EnterActivates(list)); // the list owns it
}

} // namespace dialog_helpers
