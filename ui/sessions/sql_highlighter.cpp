// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/sql_highlighter.h"

#include <QGuiApplication>
#include <QPalette>

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
    , m_keywords(QStringLiteral("\\b(SELECT|FROM|WHERE|AND|OR|NOT|INSERT|INTO|VALUES|UPDATE|SET|DELETE|CREATE|ALTER|DROP|TABLE|INDEX|"
                                "VIEW|JOIN|LEFT|RIGHT|INNER|OUTER|FULL|ON|AS|GROUP|BY|ORDER|HAVING|LIMIT|OFFSET|UNION|ALL|DISTINCT|CASE|"
                                "WHEN|THEN|ELSE|END|BEGIN|COMMIT|ROLLBACK|LOCK|IN|IS|NULL|TRUE|FALSE|WITH|RETURNING|VACUUM|ANALYZE|"
                                "EXPLAIN|COPY|TRUNCATE|GRANT|REVOKE|FOR|SHARE|NOWAIT|EXISTS|BETWEEN|LIKE|ILIKE|ASC|DESC|MODE|EXCLUSIVE)\\b"),
                 QRegularExpression::CaseInsensitiveOption)
    , m_strings(QStringLiteral("'(?:[^']|'')*'"))
    , m_numbers(QStringLiteral("\\b\\d+(\\.\\d+)?\\b"))
    , m_comment(QStringLiteral("--[^\\n]*"))
{
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    QTextCharFormat keyword, string, number, comment;
    keyword.setForeground(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x1a, 0x4f, 0xb0));
    keyword.setFontWeight(QFont::Bold);
    string.setForeground(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x2e, 0x7d, 0x32));
    number.setForeground(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0xad, 0x4e, 0x00));
    comment.setForeground(dark ? QColor(0x9e, 0x9e, 0x9e) : QColor(0x75, 0x75, 0x75));
    comment.setFontItalic(true);
    const std::pair<const QRegularExpression *, const QTextCharFormat *> rules[] = {
        {&m_keywords, &keyword}, {&m_numbers, &number}, {&m_strings, &string}, {&m_comment, &comment}};
    for (const auto &[re, format] : rules) {
        for (auto it = re->globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), *format);
        }
    }
}
