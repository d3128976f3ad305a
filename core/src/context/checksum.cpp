#include "context/checksum.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace migctl {
namespace {

// Length-prefixed, so moving text between scripts changes the checksum.
void update_script(Poco::SHA2Engine& sha, const std::string& text) {
  sha.update(std::to_string(text.size()) + ":");
  sha.update(text);
}

const char* flag(const Revision& revision) {
  return revision.transactional ? "transactional\n" : "non-transactional\n";
}

}  // namespace

std::string revision_checksum(const Revision& revision, const Dialect& dialect) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  // The tag keeps a v2 input from ever reading as a v1 input.
  sha.update("migctl-checksum-v2\n");
  sha.update(flag(revision));
  for (const auto& script : revision.upgrade) update_script(sha, dialect.canonical_script(script));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string revision_checksum_v1(const Revision& revision) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(flag(revision));
  for (const auto& script : revision.upgrade) update_script(sha, script);
  return Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace migctl
