// Progress of a run, reported as it happens. Commands never print; the app implements
// this to print a line when each revision starts and when it ends.
#pragma once

#include <string>

#include "migctl/revision.hpp"
#include "revision/plan.hpp"

namespace migctl {

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void lock_waiting(const std::string& /*holder*/) {}
  virtual void step_started(const Step& /*step*/, const Revision& /*revision*/) {}
  virtual void step_finished(const Step& /*step*/, const Revision& /*revision*/, double /*ms*/) {}
  // The step that was running when the run failed, before the error propagates (the
  // error itself is reported by whoever catches it).
  virtual void step_failed(const Step& /*step*/, const Revision& /*revision*/, double /*ms*/) {}
  virtual void notice(const std::string& /*text*/) {}
  // A line from a hook (backup written, sizes changed…).
  virtual void message(const std::string& /*text*/) {}
};

}  // namespace migctl
