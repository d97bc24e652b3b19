#pragma once

// What a controller reports for one pass over one key of a ReconcileLoop.

#include <QDateTime>
#include <QString>

namespace fd::reconcile {

struct Outcome
{
    enum class Kind {
        Done,     ///< the pass is over
        InFlight, ///< a step is under way; the controller calls ReconcileLoop::complete() when it ends
        Failed,   ///< the pass failed: the key is retried after a back-off
    };

    Kind kind = Kind::Done;
    QDateTime recheckAt; ///< Done: look again at this control-plane time; invalid: only on a change
    QString decision;    ///< what was decided, recorded when not empty ("start containers web")
    QString reason;      ///< why ("dependsOn db HEALTHY met")
    QString error;       ///< Failed: what went wrong

    /// Nothing (more) to do. With a decision, it is recorded.
    static Outcome done(QString decision = {}, QString reason = {})
    {
        Outcome o;
        o.decision = std::move(decision);
        o.reason = std::move(reason);
        return o;
    }
    /// A step has started; the key stays in flight (never processed twice at once) until complete().
    static Outcome inFlight(QString decision, QString reason = {})
    {
        Outcome o = done(std::move(decision), std::move(reason));
        o.kind = Kind::InFlight;
        return o;
    }
    /// The pass failed with `error`: retried after the key's back-off, which grows with each failure.
    static Outcome failed(QString error, QString decision = {})
    {
        Outcome o = done(std::move(decision));
        o.kind = Kind::Failed;
        o.error = std::move(error);
        return o;
    }
    /// Done, and look again at `t` even when nothing changes (a timer of the domain: 40 s to healthy).
    Outcome &lookAgainAt(const QDateTime &t)
    {
        recheckAt = t;
        return *this;
    }
};

} // namespace fd::reconcile
