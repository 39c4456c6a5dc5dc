#include "hypershap/service/symbolic_runner.hpp"

#include <algorithm>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "archive_bytes.hpp"
#include "hypershap/core/error.hpp"
#include "hypershap/core/random.hpp"
#include "hypershap/service/messages.hpp"  // RankError
#include "hypershap/service/stop_signal.hpp"
#include "hypershap/store/symbolic_results.hpp"
#include "hypershap/symbolic/count_ops.hpp"
#include "hypershap/symbolic/evaluator.hpp"
#include "hypershap/symbolic/expression.hpp"
#include "hypershap/symbolic/formula_text.hpp"
#include "hypershap/symbolic/parsimony.hpp"
#include "hypershap/symbolic/regressor.hpp"

namespace hypershap {

namespace {

using Clock = std::chrono::steady_clock;
using symbolic::ExplanationBaseline;
using symbolic::ExplanationFit;
using symbolic::ExplanationLandscape;
using symbolic::ExplanationResults;

constexpr std::uint64_t sr_stream = 0x73796d626f6cu;  // "symbol": the SR seeds' stream key

// Message tags of the study (a communicator of its own run: no other traffic).
enum class Tag : int {
  work = 11,    // master -> worker: a FitWork
  result = 12,  // worker -> master: a FitAnswer
  stop = 13,    // master -> worker: leave the loop
  error = 14,   // worker -> master: a RankError text
};
int tag(Tag t) { return static_cast<int>(t); }

/// Which fit: indices into the request (table, instance, SR seed, parsimony value).
struct UnitKey {
  std::uint64_t table = 0, instance = 0;
  int repetition = 0, sr_seed = 0;
  std::uint64_t parsimony = 0;
  bool operator<(const UnitKey& o) const {
    return std::tie(table, instance, repetition, sr_seed, parsimony) <
           std::tie(o.table, o.instance, o.repetition, o.sr_seed, o.parsimony);
  }
};

/// One fit as it travels: everything a worker needs (it loads no model).
struct FitWork {
  UnitKey key;
  std::string instance;
  double parsimony = 0.0;
  std::uint64_t seed = 0;
  std::uint64_t population = 0;
  int generations = 0;
  bool keep_grid_values = false;
  std::shared_ptr<const SymbolicTrainingSet> data;  // master side; workers: `received`
  std::vector<std::string> names;
  std::int64_t rows = 0, columns = 0, grid_rows = 0;
  std::vector<double> features, cost, grid_features, truth;  // column-major
};

struct FitAnswer {
  UnitKey key;
  bool declined = false;  // a stop arrived before the worker began it
  bool stopping = false;  // the worker received a stop signal
  ExplanationFit fit;
};

/// The next message. Polled with short sleeps rather than a blocking receive: Open MPI's blocking
/// probe spins a core at 100% while a worker waits for the master's next training set (a BO run
/// of seconds), taking that core from the master on a busy node; a fit lasts about a second, so a
/// millisecond of latency costs nothing.
Communicator::Message next_message(const Communicator& comm) {
  while (true) {
    if (auto m = comm.try_receive()) return std::move(*m);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

std::vector<double> flat(const Eigen::MatrixXd& m) { return {m.data(), m.data() + m.size()}; }

std::string to_bytes_work(const FitWork& w);
FitWork work_from_bytes(const std::string& payload);
std::string to_bytes_answer(const FitAnswer& a);
FitAnswer answer_from_bytes(const std::string& payload);

/// The fit of one unit: the same computation on every rank.
ExplanationFit fit_unit(const FitWork& w) {
  const auto start = Clock::now();
  const Eigen::Map<const Eigen::MatrixXd> features(w.features.data(), w.rows, w.columns);
  const Eigen::Map<const Eigen::VectorXd> cost(w.cost.data(), w.rows);
  const Eigen::Map<const Eigen::MatrixXd> grid(w.grid_features.data(), w.grid_rows, w.columns);
  const Eigen::Map<const Eigen::VectorXd> truth(w.truth.data(), w.grid_rows);
  symbolic::RegressorSettings settings;
  settings.population = static_cast<std::size_t>(w.population);
  settings.generations = w.generations;
  settings.parsimony = w.parsimony;
  const symbolic::FitResult fit =
      symbolic::fit_symbolic_regression(features, cost, settings, w.seed);
  ExplanationFit f;
  f.instance = w.instance;
  f.repetition = w.key.repetition;
  f.sr_seed = w.key.sr_seed;
  f.parsimony = w.parsimony;
  f.program = symbolic::to_prefix_string(fit.program, w.names, true);
  const symbolic::ExprPtr formula = symbolic::simplify_program(fit.program, w.names);
  f.formula = symbolic::to_text(*formula);
  f.latex = symbolic::to_latex(*formula);
  f.operations = symbolic::count_ops(*formula);
  f.length = fit.program.size();
  f.train_rmse = fit.train_rmse;
  symbolic::Evaluator evaluator;
  f.test_rmse = evaluator.rmse(fit.program, grid, truth);
  if (w.keep_grid_values) {
    const Eigen::VectorXd values = evaluator.predict(fit.program, grid);
    f.grid_values.assign(values.data(), values.data() + values.size());
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return f;
}

/// Fills the data fields of `w` from its training set (before sending or fitting).
void attach_data(FitWork& w) {
  const SymbolicTrainingSet& d = *w.data;
  w.names = d.names;
  w.rows = d.features.rows();
  w.columns = d.features.cols();
  w.grid_rows = d.grid_features.rows();
  w.features = flat(d.features);
  w.cost.assign(d.cost.data(), d.cost.data() + d.cost.size());
  w.grid_features = flat(d.grid_features);
  w.truth.assign(d.truth.data(), d.truth.data() + d.truth.size());
}

std::string number_text(double x) {
  std::ostringstream text;
  text << x;
  return text.str();
}

/// The master's state of one table.
struct TableState {
  const SymbolicTablePlan* plan = nullptr;
  ExplanationResults results;  // header and what is stored or arrived
  std::set<UnitKey> fits_done;
  std::set<std::pair<std::size_t, int>> baselines_done;
  std::set<std::size_t> landscapes_done;
  std::size_t expected_fits = 0;
  bool finished = false;  // complete, and written
};

class Master {
 public:
  Master(const SymbolicStudyRequest& request, const Communicator& comm, std::ostream& err,
         SymbolicStudyReport& report)
      : request_(request), comm_(comm), err_(err), report_(report) {}

  /// Runs the study; returns its exit code (success, requeue after a stop, or the error's).
  int run();

 private:
  void load(const std::vector<SymbolicTablePlan>& plans);
  void prepare_next();
  void write(const FitAnswer& answer);
  void finish_if_complete(TableState& t);
  void handle(const Communicator::Message& m);
  bool hungry(int worker) const;
  void serve(int worker);
  void stop_worker(int worker);
  void maybe_progress();

  const SymbolicStudyRequest& request_;
  const Communicator& comm_;
  std::ostream& err_;
  SymbolicStudyReport& report_;
  SymbolicStudySetup assembled_;
  const SymbolicStudySetup* setup_ = nullptr;
  std::vector<TableState> tables_;
  struct Preparation {
    std::size_t table, instance;
    int repetition;
  };
  std::deque<Preparation> preparations_;
  std::deque<FitWork> queue_;
  std::vector<int> outstanding_;
  std::vector<bool> stopped_;
  int active_ = 0;
  bool stopping_ = false;
  std::optional<RankError> error_;
  std::size_t total_ = 0, done_ = 0;
  Clock::time_point last_progress_ = Clock::now();
  static constexpr int per_worker = 2;  // fits a worker holds: the next waits while it fits
};

void Master::load(const std::vector<SymbolicTablePlan>& plans) {
  const bool stored = !request_.output.empty();
  if (stored) open_symbolic_store(request_.output, setup_->description);
  std::vector<ExplanationResults> complete;
  if (stored) complete = read_symbolic_results(request_.output);
  tables_.resize(plans.size());
  for (std::size_t t = 0; t < plans.size(); ++t) {
    const SymbolicTablePlan& plan = plans[t];
    TableState& state = tables_[t];
    state.plan = &plan;
    state.results = plan.header;
    state.expected_fits = plan.instances.size() * static_cast<std::size_t>(plan.repetitions) *
                          static_cast<std::size_t>(plan.sr_seeds) * plan.header.parsimony.size();
    total_ += state.expected_fits;
    // a complete table of this job (the store is refused to another job) is kept as it is
    const auto whole = std::find_if(complete.begin(), complete.end(),
                                    [&](const auto& r) { return r.name == plan.header.name; });
    if (whole != complete.end()) {
      state.results = *whole;
      state.finished = true;
      report_.fits_skipped += state.expected_fits;
      done_ += state.expected_fits;
      continue;
    }
    ExplanationResults progress;
    if (stored) progress = read_symbolic_progress(request_.output, plan.header.name);
    const auto instance_index = [&](const std::string& name) {
      const auto at = std::find(plan.instances.begin(), plan.instances.end(), name);
      return static_cast<std::size_t>(at - plan.instances.begin());
    };
    for (ExplanationFit& f : progress.fits) {
      const auto p =
          std::find(plan.header.parsimony.begin(), plan.header.parsimony.end(), f.parsimony);
      const UnitKey key{t, instance_index(f.instance), f.repetition, f.sr_seed,
                        static_cast<std::uint64_t>(p - plan.header.parsimony.begin())};
      if (key.instance >= plan.instances.size() || p == plan.header.parsimony.end() ||
          !state.fits_done.insert(key).second)
        continue;  // not this plan's (cannot happen for the same job) or twice
      state.results.fits.push_back(std::move(f));
      ++report_.fits_skipped;
      ++done_;
    }
    for (ExplanationBaseline& b : progress.baselines)
      if (state.baselines_done.insert({instance_index(b.instance), b.repetition}).second)
        state.results.baselines.push_back(std::move(b));
    for (ExplanationLandscape& l : progress.landscapes)
      if (state.landscapes_done.insert(instance_index(l.instance)).second)
        state.results.landscapes.push_back(std::move(l));
    for (std::size_t i = 0; i < plan.instances.size(); ++i)
      for (int r = 0; r < plan.repetitions; ++r) {
        bool needed = state.baselines_done.count({i, r}) == 0 ||
                      (r == 0 && state.landscapes_done.count(i) == 0);
        for (int k = 0; k < plan.sr_seeds && !needed; ++k)
          for (std::size_t p = 0; p < plan.header.parsimony.size() && !needed; ++p)
            needed = state.fits_done.count({t, i, r, k, p}) == 0;
        if (needed) preparations_.push_back({t, i, r});
      }
    finish_if_complete(state);
  }
}

void Master::prepare_next() {
  const Preparation p = preparations_.front();
  preparations_.pop_front();
  TableState& state = tables_[p.table];
  const SymbolicTablePlan& plan = *state.plan;
  auto data = std::make_shared<SymbolicTrainingSet>(plan.prepare(p.instance, p.repetition));
  ExplanationResults fragment;
  fragment.name = plan.header.name;
  if (state.baselines_done.insert({p.instance, p.repetition}).second)
    fragment.baselines.push_back(data->baseline);
  if (p.repetition == 0 && state.landscapes_done.insert(p.instance).second)
    fragment.landscapes.push_back(data->landscape);
  if (!request_.output.empty()) append_symbolic_progress(request_.output, fragment);
  for (auto& b : fragment.baselines) state.results.baselines.push_back(std::move(b));
  for (auto& l : fragment.landscapes) state.results.landscapes.push_back(std::move(l));
  const auto rep = static_cast<std::uint64_t>(p.repetition);
  for (int k = 0; k < plan.sr_seeds; ++k)
    for (std::size_t z = 0; z < plan.header.parsimony.size(); ++z) {
      const UnitKey key{p.table, p.instance, p.repetition, k, z};
      if (state.fits_done.count(key) != 0) continue;
      FitWork w;
      w.key = key;
      w.instance = plan.instances[p.instance];
      w.parsimony = plan.header.parsimony[z];
      w.seed = Rng::stream(plan.seed, {sr_stream, rep, static_cast<std::uint64_t>(k)}).next();
      w.population = static_cast<std::uint64_t>(plan.header.population);
      w.generations = plan.header.generations;
      w.keep_grid_values = p.repetition == 0 && k == 0;
      w.data = data;
      queue_.push_back(std::move(w));
    }
  finish_if_complete(state);
}

void Master::write(const FitAnswer& answer) {
  TableState& state = tables_[answer.key.table];
  if (!state.fits_done.insert(answer.key).second) return;
  if (!request_.output.empty()) {
    ExplanationResults fragment;
    fragment.name = state.plan->header.name;
    fragment.fits.push_back(answer.fit);
    append_symbolic_progress(request_.output, fragment);
  }
  state.results.fits.push_back(answer.fit);
  ++report_.fits_written;
  ++done_;
  if (request_.fit_limit > 0 && report_.fits_written >= request_.fit_limit) stopping_ = true;
  finish_if_complete(state);
  maybe_progress();
}

void Master::maybe_progress() {
  if (!request_.progress) return;
  if (std::chrono::duration<double>(Clock::now() - last_progress_).count() <
      request_.progress_seconds)
    return;
  last_progress_ = Clock::now();
  request_.progress(std::to_string(done_) + " of " + std::to_string(total_) + " fits done");
}

/// Puts a complete table together in key order (independent of arrival), picks the chosen
/// formula of each instance and writes the table.
void Master::finish_if_complete(TableState& t) {
  const SymbolicTablePlan& plan = *t.plan;
  if (t.finished || t.fits_done.size() < t.expected_fits ||
      t.baselines_done.size() <
          plan.instances.size() * static_cast<std::size_t>(plan.repetitions) ||
      t.landscapes_done.size() < plan.instances.size())
    return;
  ExplanationResults& r = t.results;
  const auto instance_index = [&](const std::string& name) {
    return std::find(plan.instances.begin(), plan.instances.end(), name) - plan.instances.begin();
  };
  const auto parsimony_index = [&](double z) {
    return std::find(r.parsimony.begin(), r.parsimony.end(), z) - r.parsimony.begin();
  };
  std::sort(r.fits.begin(), r.fits.end(), [&](const ExplanationFit& a, const ExplanationFit& b) {
    return std::make_tuple(instance_index(a.instance), a.repetition, a.sr_seed,
                           parsimony_index(a.parsimony)) <
           std::make_tuple(instance_index(b.instance), b.repetition, b.sr_seed,
                           parsimony_index(b.parsimony));
  });
  std::sort(r.baselines.begin(), r.baselines.end(),
            [&](const ExplanationBaseline& a, const ExplanationBaseline& b) {
              return std::make_pair(instance_index(a.instance), a.repetition) <
                     std::make_pair(instance_index(b.instance), b.repetition);
            });
  std::sort(r.landscapes.begin(), r.landscapes.end(),
            [&](const ExplanationLandscape& a, const ExplanationLandscape& b) {
              return instance_index(a.instance) < instance_index(b.instance);
            });
  r.seconds = 0.0;
  for (const ExplanationFit& f : r.fits) r.seconds += f.seconds;
  // the chosen formula: repetition 0, SR seed 0, at the sweep's elbow (Appendix A)
  for (ExplanationLandscape& l : r.landscapes) {
    const std::vector<symbolic::SweepPoint> sweep = symbolic::parsimony_sweep(r, l.instance);
    const double elbow =
        sweep.empty() ? r.parsimony.front() : sweep[symbolic::sweep_elbow(sweep)].parsimony;
    for (std::size_t i = 0; i < r.fits.size(); ++i) {
      const ExplanationFit& f = r.fits[i];
      if (f.instance == l.instance && f.repetition == 0 && f.sr_seed == 0 && f.parsimony == elbow) {
        l.chosen_fit = i;
        l.formula = f.grid_values;
      }
    }
  }
  for (ExplanationFit& f : r.fits) f.grid_values.clear();
  if (!request_.output.empty()) write_symbolic_results(request_.output, setup_->description, r);
  t.finished = true;
  if (request_.progress)
    request_.progress("[symbolic." + r.name + "] complete: " + std::to_string(r.fits.size()) +
                      " fits, " + number_text(r.seconds) + " s of fitting");
}

bool Master::hungry(int worker) const {
  const auto w = static_cast<std::size_t>(worker);
  return !stopped_[w] && outstanding_[w] < per_worker;
}

void Master::serve(int worker) {
  while (!stopping_ && !queue_.empty() && hungry(worker)) {
    FitWork w = std::move(queue_.front());
    queue_.pop_front();
    attach_data(w);
    comm_.send(worker, tag(Tag::work), to_bytes_work(w));
    ++outstanding_[static_cast<std::size_t>(worker)];
  }
}

void Master::stop_worker(int worker) {
  comm_.send(worker, tag(Tag::stop), "");
  stopped_[static_cast<std::size_t>(worker)] = true;
  --active_;
}

void Master::handle(const Communicator::Message& m) {
  const auto source = static_cast<std::size_t>(m.source);
  if (m.tag == tag(Tag::result)) {
    --outstanding_[source];
    const FitAnswer answer = answer_from_bytes(m.payload);
    if (answer.stopping) stopping_ = true;
    if (!answer.declined) write(answer);
  } else if (m.tag == tag(Tag::error)) {
    --outstanding_[source];
    stopping_ = true;
    if (!error_) error_ = RankError{0, m.source, m.payload};
    const auto colon = m.payload.find(':');
    if (colon != std::string::npos) {  // "code:text"
      error_->code = std::atoi(m.payload.substr(0, colon).c_str());
      error_->text = m.payload.substr(colon + 1);
    }
  }
}

int Master::run() {
  const int ranks = comm_.size();
  const int workers = ranks - 1;
  outstanding_.assign(static_cast<std::size_t>(ranks), 0);
  stopped_.assign(static_cast<std::size_t>(ranks), false);
  stopped_[0] = true;
  active_ = workers;
  try {
    if (request_.assemble) assembled_ = request_.assemble();
    setup_ = request_.assemble ? &assembled_ : &request_.setup;
    load(setup_->tables);
    while (true) {
      if (stop_requested()) stopping_ = true;
      if (auto m = comm_.try_receive()) {
        handle(*m);
        continue;
      }
      if (!stopping_) {
        bool any_hungry = false;
        for (int w = 1; w < ranks; ++w) any_hungry = any_hungry || hungry(w);
        // keep a fit ready for every free worker slot
        if (!preparations_.empty() &&
            queue_.size() < static_cast<std::size_t>(any_hungry ? workers * per_worker : 1)) {
          try {
            prepare_next();
          } catch (const Error& e) {
            if (e.code() != ExitCode::requeue) throw;
            stopping_ = true;  // a stop during the preparation (a BO run)
          }
          continue;
        }
        if (any_hungry && !queue_.empty()) {
          for (int w = 1; w < ranks; ++w) serve(w);
          continue;
        }
        if (!queue_.empty()) {  // every worker is busy: fit one here
          FitWork w = std::move(queue_.front());
          queue_.pop_front();
          attach_data(w);
          FitAnswer answer;
          answer.key = w.key;
          answer.fit = fit_unit(w);
          ++report_.fits_by_master;
          write(answer);
          continue;
        }
      }
      // nothing to hand out (done or stopping): stop the idle workers, wait for the others
      for (int w = 1; w < ranks; ++w)
        if (!stopped_[static_cast<std::size_t>(w)] &&
            outstanding_[static_cast<std::size_t>(w)] == 0)
          stop_worker(w);
      if (active_ == 0) break;
      handle(next_message(comm_));
    }
  } catch (const std::exception& e) {
    // the master failed (a bad table, the store): let the workers finish and stop, then report
    if (!error_) error_ = RankError{exit_code_of(e), 0, e.what()};
    stopping_ = true;
    for (int w = 1; w < ranks; ++w)
      if (!stopped_[static_cast<std::size_t>(w)] && outstanding_[static_cast<std::size_t>(w)] == 0)
        stop_worker(w);
    while (active_ > 0) {
      const Communicator::Message m = next_message(comm_);
      const auto source = static_cast<std::size_t>(m.source);
      if (m.tag == tag(Tag::result) || m.tag == tag(Tag::error)) --outstanding_[source];
      if (!stopped_[source] && outstanding_[source] == 0) stop_worker(m.source);
    }
  }
  if (error_) {
    err_ << "hypershap: "
         << (error_->code == to_int(ExitCode::internal_error) ? "internal error" : "error")
         << (ranks > 1 ? " on rank " + std::to_string(error_->rank) : std::string()) << ": "
         << error_->text << "\n"
         << std::flush;
    return error_->code;
  }
  bool all = true;
  for (const TableState& t : tables_) all = all && t.finished;
  if (all) {
    for (const TableState& t : tables_) report_.tables.push_back(t.results);
    return to_int(ExitCode::success);
  }
  err_ << "hypershap: "
       << (request_.fit_limit > 0 && !stop_requested() ? "stopped at the fit limit"
                                                       : "stopped by a signal")
       << "; " << done_ << " of " << total_ << " fits are stored"
       << (request_.output.empty() ? std::string(" nowhere (no store)")
                                   : " in " + request_.output.string())
       << ". Run the same command again to continue (exit code " << to_int(ExitCode::requeue)
       << ").\n"
       << std::flush;
  return to_int(ExitCode::requeue);
}

void run_worker(const Communicator& comm) {
  bool failed = false;
  while (true) {
    const Communicator::Message m = next_message(comm);
    if (m.tag == tag(Tag::stop)) break;
    if (m.tag != tag(Tag::work)) continue;
    FitWork w = work_from_bytes(m.payload);
    FitAnswer answer;
    answer.key = w.key;
    if (failed || stop_requested()) {
      answer.declined = true;
      answer.stopping = stop_requested();
      comm.send(0, tag(Tag::result), to_bytes_answer(answer));
      continue;
    }
    try {
      answer.fit = fit_unit(w);
      answer.stopping = stop_requested();
      comm.send(0, tag(Tag::result), to_bytes_answer(answer));
    } catch (const std::exception& e) {
      failed = true;
      comm.send(0, tag(Tag::error), std::to_string(exit_code_of(e)) + ":" + e.what());
    }
  }
}

}  // namespace

}  // namespace hypershap

namespace boost::serialization {

template <class Archive>
void serialize(Archive& a, hypershap::UnitKey& k, unsigned /*version*/) {
  a& k.table& k.instance& k.repetition& k.sr_seed& k.parsimony;
}

template <class Archive>
void serialize(Archive& a, hypershap::FitWork& w, unsigned /*version*/) {
  a& w.key& w.instance& w.parsimony& w.seed& w.population& w.generations& w.keep_grid_values& w
      .names& w.rows& w.columns& w.grid_rows& w.features& w.cost& w.grid_features& w.truth;
}

template <class Archive>
void serialize(Archive& a, hypershap::symbolic::ExplanationFit& f, unsigned /*version*/) {
  a& f.instance& f.repetition& f.sr_seed& f.parsimony& f.program& f.formula& f.latex& f
      .operations& f.length& f.train_rmse& f.test_rmse& f.seconds& f.grid_values;
}

template <class Archive>
void serialize(Archive& a, hypershap::FitAnswer& r, unsigned /*version*/) {
  a& r.key& r.declined& r.stopping& r.fit;
}

}  // namespace boost::serialization

namespace hypershap {

namespace {

std::string to_bytes_work(const FitWork& w) { return wire::to_bytes(w); }
FitWork work_from_bytes(const std::string& payload) { return wire::from_bytes<FitWork>(payload); }
std::string to_bytes_answer(const FitAnswer& a) { return wire::to_bytes(a); }
FitAnswer answer_from_bytes(const std::string& payload) {
  return wire::from_bytes<FitAnswer>(payload);
}

}  // namespace

SymbolicStudyReport run_symbolic_study(const SymbolicStudyRequest& request,
                                       const Communicator& comm, std::ostream& err) {
  install_stop_handlers();
  SymbolicStudyReport report;
  int code = 0;
  if (comm.is_master()) {
    Master master(request, comm, err, report);
    code = master.run();
  } else {
    run_worker(comm);
  }
  report.code = comm.max(code);
  return report;
}

}  // namespace hypershap
