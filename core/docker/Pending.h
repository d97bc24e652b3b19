#pragma once

// Pending<T>: the answer to an asynchronous call, delivered later as fd::Result<T>.
//
//     client->inspectContainer(id).then(this, [this](const fd::Result<ContainerInspect> &r) {
//         if (!r)
//             return showStoppedReason(r.error().message);
//         ...
//     });
//
// Delivery is always through the event loop of the context object's thread (a queued call), never
// synchronously inside then() or inside the code that resolves it, so a continuation may freely
// start new calls or delete the client. A continuation whose context object is gone is dropped.
// The producer side is Promise<T>; a fake client resolves a Promise at once and the caller still
// gets its result from the event loop, as from the real engine.
//
// then(), cancel() and resolve() belong to one thread (the client's); only the continuation runs
// on its context's thread.

#include "Result.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace fd::docker {

namespace detail {

template<typename T> struct PendingState
{
    struct Continuation
    {
        QPointer<QObject> context;
        std::function<void(const Result<T> &)> fn;
    };

    std::optional<Result<T>> result;
    std::vector<Continuation> continuations;
    std::function<void()> canceller;
    bool cancelled = false;

    static void post(const std::shared_ptr<PendingState> &self, Continuation c)
    {
        QObject *context = c.context.data();
        if (!context)
            return;
        QMetaObject::invokeMethod(
            context,
            [self, fn = std::move(c.fn)] {
                if (!self->cancelled && self->result)
                    fn(*self->result);
            },
            Qt::QueuedConnection);
    }
};

} // namespace detail

template<typename T> class Promise;

/// The consumer's handle: cheap to copy, all copies share one state.
template<typename T> class Pending
{
public:
    Pending() = default; ///< an invalid handle (isValid() is false)

    bool isValid() const { return d != nullptr; }
    bool isFinished() const { return d && d->result.has_value(); }
    bool isCancelled() const { return d && d->cancelled; }

    /// The result once isFinished(); Q_ASSERTs otherwise.
    const Result<T> &result() const
    {
        Q_ASSERT(isFinished());
        return *d->result;
    }

    /// Calls fn(const Result<T> &) once, on `context`'s thread, when the result is there (or soon,
    /// when it already is). Several continuations may be attached; they run in order.
    template<typename F> const Pending &then(QObject *context, F &&fn) const
    {
        Q_ASSERT(d && context);
        typename detail::PendingState<T>::Continuation c{QPointer<QObject>(context),
                                                         std::function<void(const Result<T> &)>(std::forward<F>(fn))};
        if (d->result)
            detail::PendingState<T>::post(d, std::move(c));
        else
            d->continuations.push_back(std::move(c));
        return *this;
    }

    /// Gives up: aborts the request (closing its connection) and drops every continuation.
    void cancel() const
    {
        if (!d || d->cancelled)
            return;
        d->cancelled = true;
        d->continuations.clear();
        if (auto c = std::exchange(d->canceller, {}))
            c();
    }

private:
    friend class Promise<T>;
    explicit Pending(std::shared_ptr<detail::PendingState<T>> state) : d(std::move(state)) {}

    std::shared_ptr<detail::PendingState<T>> d;
};

/// The producer's handle. Resolving twice keeps the first result.
template<typename T> class Promise
{
public:
    Promise() : d(std::make_shared<detail::PendingState<T>>()) {}

    Pending<T> pending() const { return Pending<T>(d); }

    bool isResolved() const { return d->result.has_value(); }
    bool isCancelled() const { return d->cancelled; }

    void resolve(Result<T> result) const
    {
        if (d->result || d->cancelled)
            return;
        d->result.emplace(std::move(result));
        d->canceller = {};
        auto continuations = std::exchange(d->continuations, {});
        for (auto &c : continuations)
            detail::PendingState<T>::post(d, std::move(c));
    }
    void resolve(Error error) const { resolve(Result<T>(std::move(error))); }

    /// What Pending::cancel() does before dropping the continuations (e.g. abort the connection).
    void setCanceller(std::function<void()> canceller) const
    {
        if (!d->result && !d->cancelled)
            d->canceller = std::move(canceller);
    }

private:
    std::shared_ptr<detail::PendingState<T>> d;
};

/// A Pending that is already resolved (its continuations still run from the event loop).
template<typename T> Pending<T> makeReadyPending(Result<T> result)
{
    Promise<T> p;
    p.resolve(std::move(result));
    return p.pending();
}

} // namespace fd::docker
