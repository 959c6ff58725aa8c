// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class BlockingModel;
class QLabel;
class QAbstractItemModel;
class ServerRegistry;

/// The status bar's line: each server's state in a few words (its whole error is on its
/// node and in the banner), what its role cannot see, and how many sessions are shown.
///
/// The text (a QLabel named "statusLine") changes at most polls. A label whose text
/// changes asks its parent's layout for a new geometry, and from there the whole window
/// was laid out again at every poll. Here the label is the child of a widget without a
/// layout, of a constant size hint, that gives it its own size: a new text only repaints.
class StatusLine : public QWidget
{
    Q_OBJECT
public:
    /// @p shown: the model of the sessions table as it is filtered.
    /// @p blocking: for how many sessions wait on others, and the longest wait.
    StatusLine(const ServerRegistry *registry, const QAbstractItemModel *shown, const BlockingModel *blocking, QWidget *parent = nullptr);

    void refresh();
    QString text() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QLabel *m_text;
    const ServerRegistry *m_registry;
    const QAbstractItemModel *m_shown;
    const BlockingModel *m_blocking;
};
