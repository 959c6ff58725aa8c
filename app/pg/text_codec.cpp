// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/text_codec.h"

#include <QUtf8StringView>

namespace pg {
namespace {

// The length of the valid UTF-8 sequence at @p p (of @p left bytes), or 0.
int sequenceLength(const unsigned char *p, int left)
{
    const unsigned char c = p[0];
    int length = 0;
    unsigned int min = 0;
    unsigned int code = 0;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0) {
        length = 2;
        min = 0x80;
        code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        length = 3;
        min = 0x800;
        code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        length = 4;
        min = 0x10000;
        code = c & 0x07;
    } else {
        return 0;
    }
    if (left < length)
        return 0;
    for (int i = 1; i < length; ++i) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (p[i] & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
}

} // namespace

QString decodeText(const char *bytes, int size)
{
    if (QUtf8StringView(bytes, size).isValidUtf8())
        return QString::fromUtf8(bytes, size);
    QString out;
    out.reserve(size);
    const auto *p = reinterpret_cast<const unsigned char *>(bytes);
    int i = 0;
    while (i < size) {
        const int length = sequenceLength(p + i, size - i);
        if (length == 0) {
            out += QChar(char16_t(0xDC00 + p[i]));
            ++i;
        } else {
            out += QString::fromUtf8(bytes + i, length);
            i += length;
        }
    }
    return out;
}

QByteArray encodeText(const QString &text)
{
    bool escaped = false;
    for (const QChar c : text) {
        if (c.unicode() >= 0xDC80 && c.unicode() <= 0xDCFF) {
            escaped = true;
            break;
        }
    }
    if (!escaped)
        return text.toUtf8();
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c >= 0xDC80 && c <= 0xDCFF && !(i > 0 && text.at(i - 1).isHighSurrogate())) {
            out += char(c - 0xDC00);
        } else if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += QStringView(text).mid(i, 2).toUtf8();
            ++i;
        } else {
            out += QStringView(text).mid(i, 1).toUtf8();
        }
    }
    return out;
}

} // namespace pg
