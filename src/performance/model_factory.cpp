#include "hypershap/performance/model_factory.hpp"

#include "hypershap/core/error.hpp"
#include "hypershap/performance/analytic_models.hpp"

namespace hypershap {

std::shared_ptr<const PerformanceModel> load_model(const JobSpec& job) {
  const std::string where = job.file.filename().string() + ": [model]";
  switch (job.model.kind) {
    case ModelKind::analytic: {
      if (!job.space.file.empty()) {
        throw invalid_input(where +
                            " an analytic benchmark brings its own space; remove [space] "
                            "file");
      }
      return make_analytic_model(job.model.function, job.model.m);
    }
    case ModelKind::yahpo:
    case ModelKind::random_forest: break;
  }
  throw invalid_input(where + " kind = '" + std::string(name_of(job.model.kind)) +
                      "' is not available in this build yet");
}

}  // namespace hypershap
