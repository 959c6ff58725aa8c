// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ServerRegistry's record of one watched server: for the registry's own source files.

#include "servers/patroni.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <QElapsedTimer>

#include <memory>

struct ServerRegistry::Watched {
    std::unique_ptr<ServerMonitor> monitor;
    ServerOptions options;
    QString profileId;       ///< empty: not saved (command line, demo)
    QElapsedTimer dataAge;   ///< since its last snapshot arrived
    QElapsedTimer statusAge; ///< since its last status arrived (for the retry countdown)
    bool stale = false;
    bool keychainTried = false;
    bool askingPassword = false;  ///< the keychain or the user is asked for its password
    bool readingKeychain = false; ///< ... and it is the keychain
    /// A cluster member's password from the keychain, until the server takes it: only then
    /// is it given to the other members (a stale one, tried on each, could lock the role).
    QString unconfirmedPassword;
};

struct ServerRegistry::Cluster {
    QString profileId;
    ConnectionSpec spec;  ///< the profile's connection; each member's host and port replace its own
    QString password;     ///< the last one given for a member: the others are offered it too
    bool keychainTried = false; ///< a member read the members' password from the keychain (once for all)
    QString keychainRefusal;    ///< why the keychain's password was refused, until one is taken
    /// The member whose password prompt is open (0: none): its answer is the cluster's,
    /// even when that member has gone meanwhile (a failover while the prompt was open).
    int prompting = 0;
    PatroniTopology shown; ///< as clusterChanged() last said it
    bool shownOnce = false;
    std::unique_ptr<PatroniWatcher> watcher;
    // The REST client key's passphrase, when the key is locked with one.
    bool askingKey = false;       ///< from the keychain or the user, under way
    bool keyDeclined = false;     ///< the user gave none: asked again on refreshNow() (F5)
    bool keyKeychainTried = false; ///< the keychain was asked once
    bool rememberKey = false;     ///< the passphrase given goes to the keychain once it opens the key
    bool keyFromKeychain = false; ///< the passphrase given is the keychain's
};
