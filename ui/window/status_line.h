// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QWidget>

#include <memory>
#include <vector>

class BlockingModel;
class QAbstractItemModel;
class ServerRegistry;

/// The status bar's line: each server's state in a few words (its whole error is on its
/// node and in the banner), what its role cannot see, and how many sessions are shown.
///
/// Its text changes at most polls, usually in a few characters (a blocked wait's age,
/// the count of sessions shown). The line is drawn in pieces, each shaped once and
/// kept while its text stays, and a new text repaints the pieces that changed, not the
/// line: laying out and drawing a whole line of text at every poll was a tenth of the
/// GUI thread's time. It has a constant size hint, so a new text lays nothing out.
/// A screen reader reads it as one static text (the whole line), as its tooltip shows it.
class StatusLine : public QWidget
{
    Q_OBJECT
public:
    /// @p shown: the model of the sessions table as it is filtered.
    /// @p blocking: for how many sessions wait on others, and the longest wait.
    StatusLine(const ServerRegistry *registry, const QAbstractItemModel *shown, const BlockingModel *blocking, QWidget *parent = nullptr);
    ~StatusLine() override;

    void refresh();
    /// The whole line, as a screen reader reads it.
    QString text() const { return m_text; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Piece;
    struct Shaped;
    std::shared_ptr<const Shaped> shape(const QString &text, Qt::LayoutDirection direction) const;
    /// Shows the line made of @p pieces, in order.
    void setPieces(const QStringList &pieces);

    const ServerRegistry *m_registry;
    const QAbstractItemModel *m_shown;
    const BlockingModel *m_blocking;
    QString m_text;
    QStringList m_given; ///< the pieces last given (laid out again when the font changes)
    std::vector<Piece> m_pieces; ///< as drawn: one for the whole line when it holds right-to-left text
    QHash<QChar, std::shared_ptr<const Shaped>> m_characters; ///< of counters, shaped once
    bool m_whole = false; ///< one piece: the line holds right-to-left text
    qreal m_ascent = 0, m_descent = 0; ///< the line's, its tallest piece's
};
