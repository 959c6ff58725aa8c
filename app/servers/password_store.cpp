// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/password_store.h"

#include <QPointer>

#include <qt6keychain/keychain.h>

namespace {
const QString kService = QStringLiteral("pgsessions");
}

PasswordStore::PasswordStore(QObject *parent)
    : QObject(parent)
{
}

void PasswordStore::noteError(int code, const QString &text)
{
    // Without a session bus qtkeychain says OtherError ("Cannot autolaunch D-Bus..."):
    // that, too, means there is no keychain to talk to. A refusal (AccessDenied*) does not.
    if (code == QKeychain::NoBackendAvailable || code == QKeychain::NotImplemented || code == QKeychain::OtherError) {
        m_available = false;
        m_reason = text;
    }
}

void PasswordStore::read(const QString &profileId, std::function<void(const QString &, const QString &)> done)
{
    // The job deletes itself once it has finished (autoDelete); until then this store owns it.
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileId);
    connect(job, &QKeychain::Job::finished, this, [this, job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError) {
            done(job->textData(), {});
        } else if (job->error() == QKeychain::EntryNotFound) {
            done({}, {});
        } else {
            noteError(job->error(), job->errorString());
            done({}, job->errorString());
        }
    });
    job->start();
}

void PasswordStore::write(const QString &profileId, const QString &password, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileId);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError) {
            done({});
        } else {
            noteError(job->error(), job->errorString());
            done(job->errorString());
        }
    });
    job->start();
}

void PasswordStore::remove(const QString &profileId)
{
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileId);
    job->start();
}
