// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/session.h"

#include <QWidget>

#include <functional>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class SessionModel;

/// Every field of one session, its full query (highlighted, copyable), and links to the
/// sessions blocking it and blocked by it. It follows the session's identity, so sorting,
/// filtering and polls never make it show another session.
class DetailsPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailsPane(const SessionModel *model, QWidget *parent = nullptr);

    /// Shows the session @p key (or nothing for a default key).
    void showSession(const SessionKey &key);
    const SessionKey &sessionKey() const { return m_key; }
    /// Re-reads the session from the model (after a poll).
    void refresh();
    QString queryText() const;
    /// Who a backend serves at a linked pooler ("app@10.0.0.5:51234 · shop-web via
    /// bouncer"); empty: not a pooler's backend (the field is hidden).
    void setPoolerLookup(std::function<QString(const SessionKey &)> lookup) { m_poolerLookup = std::move(lookup); }

Q_SIGNALS:
    /// A blocked-by or blocking link was followed.
    void pidActivated(int server, int pid);

private:
    QLabel *addField(const QString &label);
    /// Adds @p value as the field @p label: its row, and the name it is heard by.
    void placeField(const QString &label, QLabel *value);
    /// Shows @p value in @p field, which a screen reader hears as "Field: value" (or as
    /// "Field: heard", when given).
    void setField(QLabel *field, const QString &value, const QString &heard = QString());
    static QString links(const QList<int> &pids);
    /// Shows @p pids as links in @p field, which a screen reader hears as the PIDs.
    void setLinks(QLabel *field, const QList<int> &pids);

    const SessionModel *m_model;
    SessionKey m_key;
    QString m_serverName; ///< the session's server's, as last shown (kept once it has ended)
    QLabel *m_title;
    QFormLayout *m_form;
    std::vector<QLabel *> m_fields;
    QLabel *m_blockedBy;
    QLabel *m_blocking;
    QLabel *m_poolerClient;
    std::function<QString(const SessionKey &)> m_poolerLookup;
    QPlainTextEdit *m_query;
    QPushButton *m_copy;
    QString m_lastQuery;
};
