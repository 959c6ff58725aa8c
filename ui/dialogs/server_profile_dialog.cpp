// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/server_profile_dialog.h"

#include "dialogs/colour_swatch.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QThread>
#include <QVBoxLayout>


ServerProfileDialog::ServerProfileDialog(const ServerProfile &profile, const QString &keychainProblem, QWidget *parent)
    : QDialog(parent)
    , m_id(profile.id)
{
    setObjectName(QStringLiteral("serverProfileDialog"));
    setWindowTitle(profile.name.isEmpty() && profile.host.isEmpty() && profile.connectionString.isEmpty() ? tr("Add server")
                                                                                                        : tr("Edit server"));
    auto *layout = new QVBoxLayout(this);

    // How the window shows it.
    auto *shown = new QFormLayout;
    m_name = new QLineEdit(profile.name, this);
    m_name->setPlaceholderText(tr("(from the connection)"));
    shown->addRow(tr("&Name:"), m_name);
    m_colour = new QComboBox(this);
    m_colour->setAccessibleName(tr("Colour"));
    const std::pair<const char *, const char *> colours[] = {
        {QT_TR_NOOP("None"), ""},           {QT_TR_NOOP("Red"), "#e01b24"},   {QT_TR_NOOP("Orange"), "#ff7800"},
        {QT_TR_NOOP("Yellow"), "#f6d32d"}, {QT_TR_NOOP("Green"), "#33d17a"}, {QT_TR_NOOP("Blue"), "#3584e4"},
        {QT_TR_NOOP("Purple"), "#9141ac"}, {QT_TR_NOOP("Grey"), "#77767b"}};
    for (const auto &[label, value] : colours)
        m_colour->addItem(colourSwatch(QLatin1String(value)), tr(label), QLatin1String(value));
    m_colour->addItem(tr("Other…"), QStringLiteral("?"));
    setColour(profile.colour);
    connect(m_colour, &QComboBox::activated, this, [this](int index) {
        if (m_colour->itemData(index).toString() != QLatin1String("?"))
            return;
        const QColor chosen = QColorDialog::getColor(Qt::white, this, tr("Server colour"));
        setColour(chosen.isValid() ? chosen.name() : QString());
    });
    shown->addRow(tr("Co&lour:"), m_colour);
    m_group = new QComboBox(this);
    m_group->setObjectName(QStringLiteral("group"));
    m_group->setEditable(true);
    m_group->setInsertPolicy(QComboBox::NoInsert);
    m_group->addItem(QString());
    m_group->setCurrentText(profile.group);
    m_group->lineEdit()->setPlaceholderText(tr("(none: at the top of the tree)"));
    m_group->setAccessibleName(tr("Group"));
    m_group->setToolTip(tr("The folder the server is shown in, e.g. production or staging; type a new name for a new group."));
    shown->addRow(tr("&Group:"), m_group);
    m_production = new QCheckBox(tr("&Production server: ending sessions needs the count or the database name typed"), this);
    m_production->setChecked(profile.production);
    shown->addRow(QString(), m_production);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kind"));
    m_kind->setAccessibleName(tr("Kind"));
    m_kind->addItem(tr("Automatic: PostgreSQL, or PgBouncer's admin console if that answers"), int(ServerKind::Automatic));
    m_kind->addItem(tr("PostgreSQL (directly or through a pooler)"), int(ServerKind::PostgreSQL));
    m_kind->addItem(tr("PgBouncer admin console (database pgbouncer)"), int(ServerKind::PoolerConsole));
    m_kind->addItem(tr("Patroni cluster: every member its REST API lists"), int(ServerKind::PatroniCluster));
    m_kind->setCurrentIndex(m_kind->findData(int(profile.kind)));
    shown->addRow(tr("&Kind:"), m_kind);
    m_patroni = new QLineEdit(profile.patroniUrl, this);
    m_patroni->setObjectName(QStringLiteral("patroniUrl"));
    m_patroni->setAccessibleName(tr("Patroni REST address"));
    m_patroni->setPlaceholderText(QStringLiteral("http://db1:8008"));
    m_patroni->setToolTip(tr("The REST API of any member of the cluster. Each member is watched at the host and port the cluster "
                             "gives for it, with the database, user and SSL settings below."));
    shown->addRow(tr("REST &address:"), m_patroni);
    // An https address signed by a company CA, or one that asks for a client certificate
    // (Patroni's restapi cafile and verify_client). Reached with Tab after the address.
    // (No access keys: every letter of these labels is taken in this dialog.)
    const auto tlsFile = [&](QLineEdit *&edit, const QString &path, const QString &name, const QString &accessible, const QString &label,
                             const QString &placeholder) {
        edit = new QLineEdit(path, this);
        edit->setObjectName(name);
        edit->setAccessibleName(accessible);
        edit->setPlaceholderText(placeholder);
        shown->addRow(label, edit);
    };
    tlsFile(m_patroniCa, profile.patroniCaCert, QStringLiteral("patroniCaCert"), tr("REST CA certificate"), tr("REST CA certificate:"),
            tr("(https: the system's CAs)"));
    m_patroniCa->setToolTip(tr("A PEM file with the CA that signed the REST API's certificate (Patroni's restapi cafile), trusted "
                               "besides the system's"));
    tlsFile(m_patroniCert, profile.patroniCert, QStringLiteral("patroniCert"), tr("REST client certificate"), tr("REST client certificate:"),
            tr("(none)"));
    m_patroniCert->setToolTip(tr("A PEM file with the client certificate the REST API asks for (Patroni's verify_client)"));
    tlsFile(m_patroniKey, profile.patroniKey, QStringLiteral("patroniKey"), tr("REST client key"), tr("REST client key:"), tr("(none)"));
    m_patroniKey->setToolTip(tr("A PEM file with the client certificate's key; if it is locked with a passphrase, pgsessions asks for it"));
    m_shown = shown;
    m_pooler = new QComboBox(this);
    m_pooler->setObjectName(QStringLiteral("pooler"));
    m_pooler->setAccessibleName(tr("Pooler in front"));
    m_pooler->setToolTip(tr("The PgBouncer in front of this server: its clients show beside the backends they use, and a kill-all can "
                            "shut them out at the pooler too"));
    m_poolerProfile = profile.poolerProfile;
    setPoolers({});
    shown->addRow(tr("Pooler in f&ront:"), m_pooler);
    connect(m_kind, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_pooler->setEnabled(m_kind->currentData().toInt() != int(ServerKind::PoolerConsole) && m_pooler->count() > 1);
        followKind();
        validate();
    });
    layout->addLayout(shown);

    // How to reach it.
    auto *connection = new QGroupBox(tr("Connection"), this);
    auto *connectionLayout = new QVBoxLayout(connection);
    auto *modes = new QHBoxLayout;
    m_fieldsMode = new QRadioButton(tr("&Fields"), connection);
    m_stringMode = new QRadioButton(tr("Connection &string, URI or service"), connection);
    modes->addWidget(m_fieldsMode);
    modes->addWidget(m_stringMode);
    modes->addStretch(1);
    connectionLayout->addLayout(modes);
    m_pages = new QStackedWidget(connection);

    auto *fieldsPage = new QWidget(m_pages);
    auto *fields = new QFormLayout(fieldsPage);
    fields->setContentsMargins(0, 0, 0, 0);
    m_host = new QLineEdit(profile.host, fieldsPage);
    m_host->setPlaceholderText(tr("(local socket, or PGHOST)"));
    fields->addRow(tr("&Host:"), m_host);
    m_port = new QSpinBox(fieldsPage);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("default"));
    m_port->setValue(profile.port);
    fields->addRow(tr("P&ort:"), m_port);
    m_database = new QLineEdit(profile.database, fieldsPage);
    m_database->setPlaceholderText(tr("(postgres, else template1)"));
    fields->addRow(tr("Maintenance &database:"), m_database);
    m_user = new QLineEdit(profile.user, fieldsPage);
    m_user->setPlaceholderText(tr("(your login name, or PGUSER)"));
    fields->addRow(tr("&User:"), m_user);
    m_sslMode = new QComboBox(fieldsPage);
    m_sslMode->addItem(tr("default (prefer)"), QString());
    for (const char *mode : {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
        m_sslMode->addItem(QLatin1String(mode), QLatin1String(mode));
    m_sslMode->setCurrentIndex(std::max(0, m_sslMode->findData(profile.sslMode)));
    fields->addRow(tr("SSL &mode:"), m_sslMode);
    m_sslRootCert = new QLineEdit(profile.sslRootCert, fieldsPage);
    m_sslRootCert->setPlaceholderText(tr("(~/.postgresql/root.crt)"));
    fields->addRow(tr("Root &certificate:"), m_sslRootCert);
    m_sslCert = new QLineEdit(profile.sslCert, fieldsPage);
    m_sslCert->setPlaceholderText(tr("(~/.postgresql/postgresql.crt)"));
    fields->addRow(tr("Client cert&ificate:"), m_sslCert);
    m_sslKey = new QLineEdit(profile.sslKey, fieldsPage);
    m_sslKey->setPlaceholderText(tr("(~/.postgresql/postgresql.key)"));
    fields->addRow(tr("Client ke&y:"), m_sslKey);
    m_connectTimeout = new QSpinBox(fieldsPage);
    m_connectTimeout->setRange(0, 600);
    m_connectTimeout->setSpecialValueText(tr("default (10 s)"));
    m_connectTimeout->setSuffix(tr(" s"));
    m_connectTimeout->setValue(profile.connectTimeoutSeconds);
    fields->addRow(tr("Connect &timeout:"), m_connectTimeout);
    m_pages->addWidget(fieldsPage);

    auto *stringPage = new QWidget(m_pages);
    auto *stringLayout = new QVBoxLayout(stringPage);
    stringLayout->setContentsMargins(0, 0, 0, 0);
    m_string = new QLineEdit(profile.connectionString, stringPage);
    m_string->setAccessibleName(tr("Connection string"));
    m_string->setPlaceholderText(QStringLiteral("host=db1 user=dba sslmode=require · postgresql://dba@db1:5432/postgres · service=prod"));
    stringLayout->addWidget(m_string);
    auto *hint = new QLabel(tr("Anything libpq accepts: keyword=value pairs, a postgresql:// URI, or service=NAME from "
                               "pg_service.conf. .pgpass and the PG* variables apply as in psql."),
                            stringPage);
    hint->setWordWrap(true);
    stringLayout->addWidget(hint);
    stringLayout->addStretch(1);
    m_pages->addWidget(stringPage);
    connectionLayout->addWidget(m_pages);
    layout->addWidget(connection);
    (profile.useConnectionString ? m_stringMode : m_fieldsMode)->setChecked(true);
    m_pages->setCurrentIndex(profile.useConnectionString ? 1 : 0);

    // The password: never in the profile.
    auto *secret = new QFormLayout;
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("(asked when the server wants one)"));
    secret->addRow(tr("Pass&word:"), m_password);
    m_remember = new QCheckBox(tr("Remem&ber it in the system keychain"), this);
    m_remember->setChecked(profile.rememberPassword && keychainProblem.isEmpty());
    if (!keychainProblem.isEmpty()) {
        m_remember->setEnabled(false);
        m_remember->setText(tr("No system keychain is available (%1): the password is asked for each time, never saved.").arg(keychainProblem));
    }
    secret->addRow(QString(), m_remember);
    layout->addLayout(secret);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("profileError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c01c28;"));
    layout->addWidget(m_errorLabel);

    auto *testRow = new QHBoxLayout;
    m_test = new QPushButton(tr("T&est connection"), this);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setTextVisible(false);
    m_busy->hide();
    testRow->addWidget(m_test);
    testRow->addWidget(m_busy);
    testRow->addStretch(1);
    layout->addLayout(testRow);
    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_testResult);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &ServerProfileDialog::testConnection);

    connect(m_fieldsMode, &QRadioButton::toggled, this, [this](bool byField) {
        m_pages->setCurrentIndex(byField ? 0 : 1);
        validate();
        if (m_fieldsMode->hasFocus() || m_stringMode->hasFocus())
            (byField ? static_cast<QWidget *>(m_host) : m_string)->setFocus(); // straight on to typing
    });
    for (QLineEdit *edit : {m_patroni, m_patroniCa, m_patroniCert, m_patroniKey, m_string, m_host, m_database, m_user, m_sslRootCert, m_sslCert, m_sslKey})
        connect(edit, &QLineEdit::textChanged, this, &ServerProfileDialog::validate);
    connect(m_port, &QSpinBox::valueChanged, this, &ServerProfileDialog::validate);
    connect(m_connectTimeout, &QSpinBox::valueChanged, this, &ServerProfileDialog::validate);
    connect(m_sslMode, &QComboBox::currentIndexChanged, this, &ServerProfileDialog::validate);
    followKind();
    validate();
    (profile.useConnectionString ? static_cast<QWidget *>(m_string) : m_host)->setFocus();
}

void ServerProfileDialog::followKind()
{
    // A cluster: its REST address; the members' hosts and ports come from the cluster.
    if (!m_host)
        return; // still being built: the constructor follows the kind once every field is there
    const bool cluster = m_kind->currentData().toInt() == int(ServerKind::PatroniCluster);
    for (QLineEdit *edit : {m_patroni, m_patroniCa, m_patroniCert, m_patroniKey})
        m_shown->setRowVisible(edit, cluster);
    m_host->setEnabled(!cluster);
    m_port->setEnabled(!cluster);
    m_host->setPlaceholderText(cluster ? tr("(each member's, from the cluster)") : tr("(local socket, or PGHOST)"));
    if (cluster)
        m_pooler->setEnabled(false);
}

ServerProfileDialog::~ServerProfileDialog()
{
    // A test under way stops connecting within 50 ms; it is not waited for longer.
    *m_stopTest = true;
    if (m_testThread)
        m_testThread->wait(200);
}

QPushButton *ServerProfileDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void ServerProfileDialog::setColour(const QString &colour)
{
    int index = m_colour->findData(colour);
    if (index < 0) {
        // A colour of the user's own: an entry of its own, before "Other…".
        index = m_colour->count() - 1;
        m_colour->insertItem(index, colourSwatch(colour), colour, colour);
    }
    m_colour->setCurrentIndex(index);
}

void ServerProfileDialog::setPoolers(const QList<QPair<QString, QString>> &poolers)
{
    const QString chosen = m_pooler->count() ? m_pooler->currentData().toString() : m_poolerProfile;
    m_pooler->clear();
    m_pooler->addItem(tr("None"), QString());
    for (const auto &[id, name] : poolers) {
        if (id != m_id)
            m_pooler->addItem(name, id);
    }
    const int at = m_pooler->findData(chosen);
    m_pooler->setCurrentIndex(at >= 0 ? at : 0);
    m_pooler->setEnabled(m_kind->currentData().toInt() != int(ServerKind::PoolerConsole) && m_pooler->count() > 1);
    followKind();
}

void ServerProfileDialog::setGroups(const QStringList &groups)
{
    const QString current = m_group->currentText();
    for (const QString &g : groups) {
        if (m_group->findText(g) < 0)
            m_group->addItem(g);
    }
    m_group->setCurrentText(current);
}

ServerProfile ServerProfileDialog::profile() const
{
    ServerProfile p;
    p.id = m_id;
    p.kind = ServerKind(m_kind->currentData().toInt());
    const bool cluster = p.kind == ServerKind::PatroniCluster;
    p.poolerProfile = p.kind == ServerKind::PoolerConsole || cluster ? QString() : m_pooler->currentData().toString();
    p.patroniUrl = cluster ? m_patroni->text().trimmed() : QString();
    p.patroniCaCert = cluster ? m_patroniCa->text().trimmed() : QString();
    p.patroniCert = cluster ? m_patroniCert->text().trimmed() : QString();
    p.patroniKey = cluster ? m_patroniKey->text().trimmed() : QString();
    p.name = m_name->text().trimmed();
    p.colour = m_colour->currentData().toString();
    if (p.colour == QLatin1String("?"))
        p.colour.clear();
    p.production = m_production->isChecked();
    p.group = m_group->currentText().trimmed();
    p.useConnectionString = m_stringMode->isChecked();
    p.connectionString = m_string->text().trimmed();
    p.host = cluster ? QString() : m_host->text().trimmed();
    p.port = cluster ? 0 : m_port->value();
    p.database = m_database->text().trimmed();
    p.user = m_user->text().trimmed();
    p.sslMode = m_sslMode->currentData().toString();
    p.sslRootCert = m_sslRootCert->text().trimmed();
    p.sslCert = m_sslCert->text().trimmed();
    p.sslKey = m_sslKey->text().trimmed();
    p.connectTimeoutSeconds = m_connectTimeout->value();
    p.rememberPassword = m_remember->isEnabled() && m_remember->isChecked();
    return p;
}

QString ServerProfileDialog::password() const
{
    return m_password->text();
}

void ServerProfileDialog::validate()
{
    m_error.clear();
    const ServerProfile p = profile();
    if (p.useConnectionString && p.connectionString.isEmpty())
        m_error = tr("Type a connection string, a postgresql:// URI or service=NAME.");
    else if (const Expected<ConnectionSpec> spec = p.spec(); !spec.ok())
        m_error = spec.error().message();
    else if (const Expected<QUrl> rest = p.patroniAddress(); p.kind == ServerKind::PatroniCluster && !rest.ok())
        m_error = rest.error().message();
    else if (const QString tls = p.patroniTlsProblem(); p.kind == ServerKind::PatroniCluster && !tls.isEmpty())
        m_error = tls;
    m_errorLabel->setText(m_error);
    m_errorLabel->setVisible(!m_error.isEmpty());
    okButton()->setEnabled(m_error.isEmpty());
    // The test reaches one PostgreSQL address; a cluster's members are reached once it is watched.
    m_test->setEnabled(m_error.isEmpty() && !m_testing && p.kind != ServerKind::PatroniCluster);
}

void ServerProfileDialog::testConnection()
{
    const ServerProfile p = profile();
    const Expected<ConnectionSpec> parsed = p.spec();
    if (!parsed.ok() || m_testing)
        return;
    const ConnectionSpec spec = *parsed;
    m_testing = true;
    m_test->setEnabled(false);
    m_busy->show();
    m_testResult->setText(tr("Connecting to %1…").arg(p.displayName()));
    // libpq blocks up to the connect timeout: in a thread of its own, which deletes itself
    // when done. Its result reaches this dialog, queued, only if the dialog still exists.
    const QString password = m_password->text();
    auto result = std::make_shared<ConnectionTestResult>();
    m_testThread = QThread::create([result, spec, password, stop = m_stopTest, timeout = p.connectTimeoutSeconds] {
        *result = ConnectionTestResult::run(spec, password, timeout > 0 ? timeout : 10, [stop] { return stop->load(); });
    });
    connect(m_testThread, &QThread::finished, this, [this, result] {
        m_testThread = nullptr;
        showTestResult(*result);
    });
    connect(m_testThread, &QThread::finished, m_testThread, &QObject::deleteLater);
    m_testThread->start();
}

void ServerProfileDialog::showTestResult(const ConnectionTestResult &result)
{
    m_testing = false;
    m_busy->hide();
    QString text = result.summary();
    if (result.needsPassword())
        text += QLatin1Char('\n') + tr("The server wants a password: type it above (or put it in ~/.pgpass).");
    m_testResult->setText(text);
    m_testResult->setStyleSheet(result.ok() ? QString() : QStringLiteral("color: #c01c28;"));
    validate();
    emit testFinished(result);
}
