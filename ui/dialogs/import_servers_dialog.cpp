// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/import_servers_dialog.h"

#include "servers/server_import.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {

bool alreadyIn(const QList<ServerProfile> &list, const ServerProfile &p)
{
    return std::any_of(list.begin(), list.end(), [&](const ServerProfile &q) { return q.sameConnection(p); });
}

} // namespace

ImportServersDialog::ImportServersDialog(const QList<ServerProfile> &saved, QWidget *parent)
    : ImportServersDialog(saved, server_import::serviceFiles(), parent)
{
}

ImportServersDialog::ImportServersDialog(const QList<ServerProfile> &saved, const QStringList &serviceFiles, QWidget *parent)
    : QDialog(parent)
    , m_saved(saved)
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
    QStringList unreadable;
    for (const server_import::Service &s : server_import::services(serviceFiles, &unreadable)) {
        auto *item = new QListWidgetItem(tr("%1 — %2").arg(s.name, s.file), m_services); // the list owns it
        item->setData(Qt::UserRole, s.name);
        const bool known = alreadyIn(m_saved, server_import::profileOfService(s.name));
        item->setFlags(known ? Qt::ItemIsUserCheckable : (Qt::ItemIsUserCheckable | Qt::ItemIsEnabled));
        item->setCheckState(known ? Qt::Unchecked : Qt::Checked);
        if (known)
            item->setText(tr("%1 — %2 (saved already)").arg(s.name, s.file));
    }
    m_servicesNote->setObjectName(QStringLiteral("servicesNote"));
    m_servicesNote->setWordWrap(true);
    QStringList note;
    if (serviceFiles.isEmpty())
        note << tr("No service file was found (PGSERVICEFILE or ~/.pg_service.conf, and pg_service.conf in PGSYSCONFDIR).");
    else if (m_services->count() == 0)
        note << tr("The service files define no service: %1").arg(serviceFiles.join(QStringLiteral(", ")));
    if (!unreadable.isEmpty())
        note << tr("Could not be read: %1").arg(unreadable.join(QStringLiteral(", ")));
    m_servicesNote->setText(note.join(QLatin1Char(' ')));
    m_servicesNote->setVisible(!note.isEmpty());

    auto *pasteLabel = new QLabel(tr("&Connection strings or postgresql:// URIs, one per line (# starts a comment):"), this);
    pasteLabel->setWordWrap(true);
    pasteLabel->setBuddy(m_paste);
    m_paste->setObjectName(QStringLiteral("paste"));
    m_paste->setAccessibleName(tr("Connection strings, one per line"));
    m_paste->setTabChangesFocus(true);
    m_paste->setPlaceholderText(QStringLiteral("postgresql://dba@db1.example.com/postgres\nhost=db2 user=dba\nservice=reporting"));
    auto *linesLabel = new QLabel(tr("What each line gives:"), this);
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
    recheck();
    resize(640, 560);
}

void ImportServersDialog::recheck()
{
    m_lines->clear();
    for (const server_import::Line &line : server_import::parseLines(m_paste->toPlainText())) {
        QString text;
        if (!line.profile)
            text = tr("Line %1: not imported: %2").arg(line.number).arg(line.error);
        else if (alreadyIn(m_saved, *line.profile))
            text = tr("Line %1: %2 is saved already").arg(line.number).arg(line.profile->displayName());
        else
            text = tr("Line %1: %2").arg(line.number).arg(line.profile->displayName());
        auto *item = new QListWidgetItem(text, m_lines); // the list owns it
        item->setToolTip(line.text);
        if (!line.profile)
            item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
    }
    const int n = int(profiles().size());
    m_ok->setEnabled(n > 0);
    m_ok->setText(n ? tr("&Import %n server(s)", nullptr, n) : tr("&Import"));
}

QList<ServerProfile> ImportServersDialog::profiles() const
{
    QList<ServerProfile> out;
    const auto add = [&](const ServerProfile &p) {
        if (!alreadyIn(m_saved, p) && !alreadyIn(out, p))
            out << p;
    };
    for (int i = 0; i < m_services->count(); ++i) {
        const QListWidgetItem *item = m_services->item(i);
        if (item->checkState() == Qt::Checked && (item->flags() & Qt::ItemIsEnabled))
            add(server_import::profileOfService(item->data(Qt::UserRole).toString()));
    }
    for (const server_import::Line &line : server_import::parseLines(m_paste->toPlainText())) {
        if (line.profile)
            add(*line.profile);
    }
    return out;
}
