#pragma once
// Asking a running network operation to stop. The UI thread calls cancel(); the worker thread
// running the operation polls isCancelled() between DIMSE messages and sends C-CANCEL.

#include <atomic>

namespace pulmo::net {

class Cancellation {
public:
    /// Any thread.
    void cancel() noexcept { m_cancelled.store(true, std::memory_order_relaxed); }
    /// Any thread.
    bool isCancelled() const noexcept { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

}  // namespace pulmo::net
