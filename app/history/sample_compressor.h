// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <memory>

/// Compresses history samples as qCompress(data, 3) does (the length as a big-endian
/// 32-bit number, then a zlib stream; read back with qUncompress), byte for byte when Qt
/// uses the same zlib (the system's, as Debian builds it), through one
/// deflate stream kept for the writer's life. qCompress sets up and frees a stream of
/// about 256 KiB for every sample, and faulting that memory in again was a tenth of the
/// history writer's CPU.
class SampleCompressor
{
public:
    SampleCompressor();
    ~SampleCompressor();
    SampleCompressor(const SampleCompressor &) = delete;
    SampleCompressor &operator=(const SampleCompressor &) = delete;

    QByteArray compress(const QByteArray &data);

    static constexpr int kLevel = 3;

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream; ///< null when zlib could not set one up: qCompress then
};
