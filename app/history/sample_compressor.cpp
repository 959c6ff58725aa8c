// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/sample_compressor.h"

#include <QtEndian>

#include <zlib.h>

struct SampleCompressor::Stream {
    z_stream z{};
};

SampleCompressor::SampleCompressor()
    : m_stream(std::make_unique<Stream>())
{
    // What compress2() sets up for qCompress: a 32 KiB window, memory level 8.
    if (deflateInit2(&m_stream->z, kLevel, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        m_stream.reset();
}

SampleCompressor::~SampleCompressor()
{
    if (m_stream)
        deflateEnd(&m_stream->z);
}

QByteArray SampleCompressor::compress(const QByteArray &data)
{
    if (data.isEmpty() || !m_stream || deflateReset(&m_stream->z) != Z_OK) // (qCompress writes only a zero length for nothing)
        return qCompress(data, kLevel);
    z_stream &z = m_stream->z;
    QByteArray out(qsizetype(4 + deflateBound(&z, uLong(data.size()))), Qt::Uninitialized);
    qToBigEndian(quint32(data.size()), out.data());
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data() + 4);
    z.avail_out = uInt(out.size() - 4);
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        return qCompress(data, kLevel);
    out.resize(qsizetype(4 + z.total_out));
    return out;
}
