#pragma once

// What a registry's header names without including: the store it loads from and the transaction it
// stages writes into.
namespace fd {
class Store;
namespace state {
class Transaction;
}
} // namespace fd
