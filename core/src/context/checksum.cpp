#include "context/checksum.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace migctl {

std::string revision_checksum(const Revision& revision) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(revision.transactional ? "transactional\n" : "non-transactional\n");
  for (const auto& script : revision.upgrade) {
    // Length-prefixed, so moving text between scripts changes the checksum.
    sha.update(std::to_string(script.size()) + ":");
    sha.update(script);
  }
  return Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace migctl
