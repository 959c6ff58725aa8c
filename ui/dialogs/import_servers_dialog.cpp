// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/import_servers_dialog.h"

#include "dialogs/dialog_helpers.h"

#include <QDialogButtonBox>
#include <QHash>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QVBoxLayout>

#include <memory>

namespace {

// By what libpq is given, however it is written: a pasted list of thousands is checked
// again at each keystroke.
QSet<QString> keysOf(const QList<ServerProfile> &profiles)
{
    QSet<QString> keys;
    for (const ServerProfile &p : profiles) {
        if (const QString key = p.reachKey(); !key.isEmpty())
            keys.insert(key);
    }
    return keys;
}

} // namespace

ImportServersDialog::ImportServersDialog(const QList<ServerProfile> &saved, QWidget *parent)
    : ImportServersDialog(saved, server_import::serviceFiles(), parent)
{
}

ImportServersDialog::ImportServersDialog(const QList<ServerProfile> &saved, const QStringList &serviceFiles, QWidget *parent)
    : QDialog(parent)
    , m_saved(keysOf(saved))
    , m_services(new QListWidget(this))
    , m_servicesNote(new QLabel(this))
    , m_paste(new QPlainTextEdit(this))
    , m_lines(new QListWidget(this))
{
    setObjectName(QStringLiteral("importServersDialog"));
    setWindowTitle(tr("Import servers"));
    auto *layout = new QVBoxLayout(this);

    auto *servicesLabel = new QLabel(tr("&Services in libpq's service files (a profile names the service; libpq reads the rest when it connects):"), this);
    servicesLabel->setWordWrap(true);
    servicesLabel->setBuddy(m_services);
    m_services->setObjectName(QStringLiteral("services"));
    m_services->setAccessibleName(tr("Services found"));
    QStringList notes;
    for (const server_import::Service &s : server_import::services(serviceFiles, &notes)) {
        const ServerProfile profile = server_import::profileOfService(s.name);
        const QString &shown = profile.name; // " billing ", another service than "billing", in quotes
        auto *item = new QListWidgetItem(tr("%1 — %2").arg(shown, s.file), m_services); // the list owns it
        item->setData(Qt::UserRole, s.name);
        const bool known = m_saved.contains(profile.reachKey());
        item->setFlags(known ? Qt::ItemIsUserCheckable : (Qt::ItemIsUserCheckable | Qt::ItemIsEnabled));
        item->setCheckState(known ? Qt::Unchecked : Qt::Checked);
        if (known)
            item->setText(tr("%1 — %2 (saved already)").arg(shown, s.file));
    }
    m_servicesNote->setObjectName(QStringLiteral("servicesNote"));
    m_servicesNote->setWordWrap(true);
    if (serviceFiles.isEmpty())
        notes << tr("No service file was found (PGSERVICEFILE or ~/.pg_service.conf, and pg_service.conf in PGSYSCONFDIR).");
    else if (m_services->count() == 0 && notes.isEmpty())
        notes << tr("The service files define no service: %1").arg(serviceFiles.join(QStringLiteral(", ")));
    m_servicesNote->setText(notes.join(QLatin1Char('\n')));
    m_servicesNote->setVisible(!notes.isEmpty());

    auto *pasteLabel = new QLabel(tr("&Connection strings or postgresql:// URIs, one per line (# starts a comment):"), this);
    pasteLabel->setWordWrap(true);
    pasteLabel->setBuddy(m_paste);
    m_paste->setObjectName(QStringLiteral("paste"));
    m_paste->setAccessibleName(tr("Connection strings, one per line"));
    m_paste->setTabChangesFocus(true);
    m_paste->setPlaceholderText(QStringLiteral("postgresql://dba@db1.example.com/postgres\nhost=db2 user=dba\nservice=reporting"));
    auto *linesLabel = new QLabel(tr("&What each line gives:"), this);
    linesLabel->setBuddy(m_lines);
    m_lines->setObjectName(QStringLiteral("lines"));
    m_lines->setAccessibleName(tr("What each line gives"));

    layout->addWidget(servicesLabel);
    layout->addWidget(m_services, 1);
    layout->addWidget(m_servicesNote);
    layout->addWidget(pasteLabel);
    layout->addWidget(m_paste, 1);
    layout->addWidget(linesLabel);
    layout->addWidget(m_lines, 1);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = box->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Import"));
    layout->addWidget(box);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_paste, &QPlainTextEdit::textChanged, this, &ImportServersDialog::recheck);
    connect(m_services, &QListWidget::itemChanged, this, &ImportServersDialog::recheck);
    // A line of the results activated (Enter, double click): the editor, on that line
    // (Enter does not press Import too).
    dialog_helpers::activateOnEnter(m_lines);
    connect(m_lines, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const QTextBlock block = m_paste->document()->findBlockByNumber(item->data(Qt::UserRole).toInt() - 1);
        if (!block.isValid())
            return;
        QTextCursor cursor(block);
        cursor.movePosition(QTextCursor::EndOfBlock);
        m_paste->setTextCursor(cursor);
        m_paste->setFocus(Qt::OtherFocusReason);
    });
    recheck();
    resize(640, 560);
}

void ImportServersDialog::recheck()
{
    // The items are kept and their texts changed, so the list keeps where it is scrolled
    // to and its current row while the user types.
    m_parsed = server_import::parseLines(m_paste->toPlainText(), &m_known);
    const QSet<QString> ticked = keysOf(tickedServices());
    QHash<QString, int> earlier; // the valid lines above: the first line of each connection
    int row = 0;
    for (const server_import::Line &line : m_parsed) {
        QString text;
        const QString &key = line.key;
        if (!line.profile) {
            text = tr("Line %1: not imported: %2").arg(line.number).arg(line.error);
        } else if (m_saved.contains(key)) {
            text = tr("Line %1: %2 is saved already").arg(line.number).arg(line.name);
        } else if (ticked.contains(key)) {
            text = tr("Line %1: %2, the same as a service ticked above").arg(line.number).arg(line.name);
        } else {
            const auto same = earlier.constFind(key);
            text = same != earlier.cend() ? tr("Line %1: %2, the same as line %3").arg(line.number).arg(line.name).arg(*same)
                                          : tr("Line %1: %2").arg(line.number).arg(line.name);
        }
        if (line.profile && !earlier.contains(key))
            earlier.insert(key, line.number);
        QListWidgetItem *item = row < m_lines->count() ? m_lines->item(row) : new QListWidgetItem(m_lines); // the list owns it
        item->setText(text);
        item->setToolTip(line.text);
        item->setData(Qt::UserRole, line.number);
        if (line.profile)
            item->setData(Qt::ForegroundRole, QVariant()); // the style's
        else
            item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
        ++row;
    }
    while (m_lines->count() > row) {
        const std::unique_ptr<QListWidgetItem> gone(m_lines->takeItem(m_lines->count() - 1)); // taken back from the list
    }
    const int n = int(profiles().size());
    m_ok->setEnabled(n > 0);
    m_ok->setText(n ? tr("&Import %n server(s)", nullptr, n) : tr("&Import"));
}

QList<ServerProfile> ImportServersDialog::tickedServices() const
{
    QList<ServerProfile> out;
    for (int i = 0; i < m_services->count(); ++i) {
        const QListWidgetItem *item = m_services->item(i);
        if (item->checkState() == Qt::Checked && (item->flags() & Qt::ItemIsEnabled))
            out << server_import::profileOfService(item->data(Qt::UserRole).toString());
    }
    return out;
}

QList<ServerProfile> ImportServersDialog::profiles() const
{
    QList<ServerProfile> out;
    QSet<QString> taken = m_saved;
    const auto add = [&](const ServerProfile &p, const QString &key) {
        if (!taken.contains(key)) {
            taken.insert(key);
            out << p;
        }
    };
    for (const ServerProfile &p : tickedServices())
        add(p, p.reachKey());
    for (const server_import::Line &line : m_parsed) {
        if (line.profile)
            add(*line.profile, line.key);
    }
    return out;
}
