// SPDX-License-Identifier: GPL-3.0-or-later
// ServerRegistry: groups, the tree's folders of servers (saved in the profiles).
#include "servers/server_registry.h"
#include "servers/server_registry_watched.h"

#include <algorithm>

void ServerRegistry::moveServer(int id, const QString &group, int before)
{
    Watched *w = find(id);
    if (!w)
        return;
    const QString name = group.trimmed();
    const bool regrouped = w->options.group != name;
    if (before == id && !regrouped)
        return;
    w->options.group = name;
    if (before == id) {
        // Before itself (a folder's first server dropped just above its folder): out of
        // the folder or into another, in the place it has.
        for (ServerProfile &p : m_profiles) {
            if (p.id == w->profileId) {
                p.group = name;
                saveProfiles();
            }
        }
    } else if (!w->profileId.isEmpty()) {
        // The saved order is the profiles' order: the moved one goes before @p before's
        // profile, or after the last profile of its group (at the end when none).
        const auto at = std::find_if(m_profiles.begin(), m_profiles.end(), [&](const ServerProfile &p) { return p.id == w->profileId; });
        if (at != m_profiles.end()) {
            ServerProfile moved = *at;
            m_profiles.erase(at);
            moved.group = name;
            qsizetype to = m_profiles.size();
            const Watched *b = before ? find(before) : nullptr;
            if (b && !b->profileId.isEmpty()) {
                for (qsizetype i = 0; i < m_profiles.size(); ++i) {
                    if (m_profiles[i].id == b->profileId)
                        to = i;
                }
            } else {
                for (qsizetype i = 0; i < m_profiles.size(); ++i) {
                    if (m_profiles[i].group == name)
                        to = i + 1;
                }
            }
            m_profiles.insert(to, moved);
            saveProfiles();
        }
    }
    if (regrouped)
        emit serverChanged(id);
    reorder();
}

void ServerRegistry::renameGroup(const QString &from, const QString &to)
{
    const QString name = to.trimmed();
    if (from.isEmpty() || name == from)
        return;
    bool saved = false;
    QStringList clustersMoved;
    for (ServerProfile &p : m_profiles) {
        if (p.group == from) {
            p.group = name;
            saved = true;
            if (findCluster(p.id))
                clustersMoved << p.id;
        }
    }
    if (saved)
        saveProfiles();
    for (const QString &cluster : std::as_const(clustersMoved))
        emit clusterChanged(cluster); // its node goes into the renamed folder
    for (const auto &w : m_servers) {
        if (w->options.group == from) {
            w->options.group = name;
            emit serverChanged(w->monitor->serverId());
        }
    }
}

QStringList ServerRegistry::groups() const
{
    QStringList out;
    for (const int id : servers()) {
        const QString g = options(id).group;
        if (!g.isEmpty() && !out.contains(g))
            out << g;
    }
    return out;
}
