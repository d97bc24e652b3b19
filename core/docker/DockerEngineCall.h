#pragma once

// Private to DockerEngineClient's .cpp files: the definitions of its call<T>() templates, the
// common shape of a buffered request whose 2xx answer is converted into the result.

#include "docker/DockerEngineClient.h"
#include "docker/EngineRequest.h"

namespace fd::docker {

template<typename T, typename F> Pending<T> DockerEngineClient::call(HttpRequest req, Timeout timeout, F convert)
{
    return call<T>(std::move(req), timeout, std::move(convert),
                   [](const HttpReply &r) { return engine::unexpectedStatus(r); });
}

template<typename T, typename F, typename E>
Pending<T> DockerEngineClient::call(HttpRequest req, Timeout timeout, F convert, E failure)
{
    Promise<T> promise;
    HttpExchange *ex = newExchange(std::move(req), engine::kBuffered, timeout);
    ex->onFinished = [promise, convert = std::move(convert), failure = std::move(failure)](const Result<HttpReply> &r) {
        if (!r)
            promise.resolve(r.error());
        else if (!engine::isSuccess(r->status))
            promise.resolve(failure(*r));
        else
            promise.resolve(convert(*r));
    };
    promise.setCanceller(engine::abortOnCancel(ex));
    submit(ex);
    return promise.pending();
}

} // namespace fd::docker
