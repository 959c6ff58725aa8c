// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QtTest>

/// Fails the test with the error's own words when @p expression (an Error) is an error.
#define QVERIFY_OK(expression)                                                                                         \
    do {                                                                                                               \
        const Error verifyOkError = (expression);                                                                      \
        QVERIFY2(!verifyOkError, qPrintable(verifyOkError.message()));                                                 \
    } while (false)
