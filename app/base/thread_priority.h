// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// Background threads (polls, history) yield the CPU to the GUI thread when the machine is
/// busy: the calling thread's nice value is raised by @p steps (Linux: per thread; a no-op
/// elsewhere, and where it is not allowed). Only under contention does it change anything.
void yieldToTheGuiThread(int steps);
