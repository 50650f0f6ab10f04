#pragma once
// Pieces for writing one large JSON text part by part, so that a big document or findings list
// is never held as a whole nlohmann DOM (a DOM costs some 20× its text). The parts put together
// are byte for byte what `whole.dump(2)` would give.

#include <nlohmann/json.hpp>
#include <string>

namespace vnotice {

// `value.dump(2)` as it appears `depth` levels deep in a document dumped with indent 2.
std::string dump_at(const nlohmann::ordered_json &value, int depth);

} // namespace vnotice
