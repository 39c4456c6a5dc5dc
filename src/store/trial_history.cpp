#include "hypershap/store/trial_history.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hypershap/core/error.hpp"
#include "schema.hpp"

namespace hypershap {

namespace {

constexpr const char* group_name = "optimize";
// Rows per chunk of the per-trial datasets (for configurations: ⌊4096 / d⌋ rows of all d columns).
constexpr hsize_t trial_chunk = 4096;

// The per-trial datasets: allocated for the whole budget at creation, uncompressed, so that
// storing a trial overwrites bytes at fixed places and never changes HDF5 metadata (README,
// "Storage and crash safety").
void create_trial_dataset(hid_t group, const std::string& name, hid_t file_type, hid_t fill_type,
                          const void* fill, hsize_t budget, hsize_t columns) {
  std::vector<hsize_t> dims{budget};
  std::vector<hsize_t> chunk{std::min(budget, trial_chunk)};
  if (columns > 0) {
    dims.push_back(columns);
    chunk = {std::clamp<hsize_t>(trial_chunk / columns, 1, budget), columns};
  }
  const h5::PropertyList creation =
      h5::dataset_creation(chunk, h5::Storage::preallocated, fill_type, fill);
  h5::create_dataset(group, name, file_type, h5::simple_space(dims), creation);
}

void create_group(hid_t file, const TrialHistoryInfo& info) {
  const h5::Group group = h5::create_group(file, group_name);
  h5::write_attribute(group.id(), "optimizer", info.optimizer);
  h5::write_attribute(group.id(), "budget", info.budget);
  h5::write_attribute(group.id(), "seed", std::to_string(info.seed));
  h5::write_attribute(group.id(), "metric", info.metric);
  h5::write_attribute(group.id(), "direction",
                      std::string(info.maximize ? "maximize" : "minimize"));
  h5::write_attribute(group.id(), "hyperparameters", info.hyperparameters);
  std::vector<std::uint64_t> snapshots(info.snapshots.begin(), info.snapshots.end());
  h5::write_dataset(group.id(), "snapshots", {static_cast<hsize_t>(snapshots.size())}, snapshots);
  const auto budget = static_cast<hsize_t>(info.budget);
  const auto d = static_cast<hsize_t>(info.hyperparameters.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double zero = 0.0;
  const std::int64_t none = -1;
  const std::uint8_t not_done = 0;
  create_trial_dataset(group.id(), "configurations", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &nan,
                       budget, std::max<hsize_t>(d, 1));
  for (const char* name : {"objective", "cost", "incumbent_cost"})
    create_trial_dataset(group.id(), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &nan, budget, 0);
  create_trial_dataset(group.id(), "seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &zero, budget, 0);
  create_trial_dataset(group.id(), "incumbent", H5T_STD_I64LE, H5T_NATIVE_INT64, &none, budget, 0);
  create_trial_dataset(group.id(), "done", H5T_STD_U8LE, H5T_NATIVE_UINT8, &not_done, budget, 0);
}

TrialHistoryInfo read_info(hid_t group) {
  TrialHistoryInfo info;
  info.optimizer = h5::read_string_attribute(group, "optimizer");
  info.budget = h5::read_int_attribute(group, "budget");
  info.seed = std::stoull(h5::read_string_attribute(group, "seed"));
  info.metric = h5::read_string_attribute(group, "metric");
  info.maximize = h5::read_string_attribute(group, "direction") == "maximize";
  info.hyperparameters = h5::read_strings_attribute(group, "hyperparameters");
  for (const std::uint64_t s : h5::read_uint64s(group, "snapshots"))
    info.snapshots.push_back(static_cast<std::int64_t>(s));
  if (info.budget < 1 ||
      h5::dataset_dims(group, "done") != std::vector<hsize_t>{static_cast<hsize_t>(info.budget)})
    throw h5::Failure("the group /optimize: its budget and the shape of done disagree");
  return info;
}

std::vector<std::int64_t> read_int64s(hid_t group, const std::string& name) {
  const std::vector<double> as_double = h5::read_doubles(group, name);
  return {as_double.begin(), as_double.end()};
}

// The done prefix of everything stored.
StoredTrials read_trials(hid_t file) {
  const h5::Group group = h5::open_group(file, group_name);
  StoredTrials trials;
  trials.info = read_info(group.id());
  const std::vector<std::uint8_t> done = h5::read_uint8s(group.id(), "done");
  const auto count =
      static_cast<std::size_t>(std::find(done.begin(), done.end(), std::uint8_t{0}) - done.begin());
  const auto cut = [count](std::vector<double> v) {
    v.resize(count);
    return v;
  };
  trials.objective = cut(h5::read_doubles(group.id(), "objective"));
  trials.cost = cut(h5::read_doubles(group.id(), "cost"));
  trials.seconds = cut(h5::read_doubles(group.id(), "seconds"));
  trials.incumbent_cost = cut(h5::read_doubles(group.id(), "incumbent_cost"));
  trials.incumbent = read_int64s(group.id(), "incumbent");
  trials.incumbent.resize(count);
  const std::size_t d = std::max<std::size_t>(trials.dimension(), 1);
  trials.configurations = h5::read_doubles(group.id(), "configurations");
  trials.configurations.resize(count * d);
  if (trials.dimension() == 0) trials.configurations.clear();
  return trials;
}

std::string describe(const TrialHistoryInfo& info) {
  std::string names;
  for (const std::string& n : info.hyperparameters) names += (names.empty() ? "" : ",") + n;
  return "optimizer " + info.optimizer + ", " + std::to_string(info.budget) + " trials, seed " +
         std::to_string(info.seed) + ", " + (info.maximize ? "maximizing " : "minimizing ") +
         info.metric + " over " + names;
}

}  // namespace

struct TrialHistoryWriter::Impl {
  StoreWriter* store = nullptr;
  h5::Group group;
  h5::Dataset configurations, objective, cost, seconds, incumbent, incumbent_cost, done;
  TrialHistoryInfo info;
  std::size_t count = 0;
  std::int64_t best = -1;  // the incumbent after the stored trials
  double best_cost = std::numeric_limits<double>::quiet_NaN();
};

TrialHistoryWriter::TrialHistoryWriter(StoreWriter& store, const TrialHistoryInfo& info)
    : impl_(std::make_unique<Impl>()) {
  impl_->store = &store;
  const std::filesystem::path& path = store.path();
  const auto file = static_cast<hid_t>(store.file_id());
  store_schema::translate(
      path, "create its trial history",
      [&] {
        if (h5::link_exists(file, group_name)) return;
        create_group(file, info);
        h5::sync(h5::File(H5Iget_file_id(file)));
      },
      store_schema::write_fix());
  const StoredTrials stored =
      store_schema::translate(path, "read its trial history", [&] { return read_trials(file); });
  const TrialHistoryInfo& had = stored.info;
  if (had.optimizer != info.optimizer || had.budget != info.budget || had.seed != info.seed ||
      had.maximize != info.maximize || had.hyperparameters != info.hyperparameters ||
      had.metric != info.metric)
    throw invalid_input(path.string() + ": its trials were stored by " + describe(had) +
                        ", but this run is " + describe(info) + "; to start fresh, delete or " +
                        "rename " + path.string() + " or choose another output");
  impl_->info = had;
  impl_->count = stored.count();
  if (impl_->count > 0) {
    impl_->best = stored.incumbent.back();
    impl_->best_cost = stored.incumbent_cost.back();
  }
  store_schema::translate(path, "open its trial history", [&] {
    impl_->group = h5::open_group(file, group_name);
    const h5::PropertyList access = h5::uncached_dataset_access();
    const hid_t g = impl_->group.id();
    impl_->configurations = h5::open_dataset(g, "configurations", access.id());
    impl_->objective = h5::open_dataset(g, "objective", access.id());
    impl_->cost = h5::open_dataset(g, "cost", access.id());
    impl_->seconds = h5::open_dataset(g, "seconds", access.id());
    impl_->incumbent = h5::open_dataset(g, "incumbent", access.id());
    impl_->incumbent_cost = h5::open_dataset(g, "incumbent_cost", access.id());
    impl_->done = h5::open_dataset(g, "done", access.id());
  });
}

TrialHistoryWriter::~TrialHistoryWriter() = default;

std::size_t TrialHistoryWriter::count() const { return impl_->count; }

StoredTrials TrialHistoryWriter::read() const {
  return store_schema::translate(impl_->store->path(), "read its trial history", [&] {
    return read_trials(static_cast<hid_t>(impl_->store->file_id()));
  });
}

void TrialHistoryWriter::append(const std::vector<TrialRecord>& trials) {
  Impl& s = *impl_;
  const std::size_t k = trials.size();
  if (k == 0) return;
  const std::size_t d = s.info.hyperparameters.size();
  if (s.count + k > static_cast<std::size_t>(s.info.budget))
    throw std::invalid_argument("trial history: more trials than the budget");
  std::vector<hsize_t> points(k);
  std::vector<double> objective(k), cost(k), seconds(k), incumbent_cost(k);
  std::vector<std::int64_t> incumbent(k);
  std::vector<double> configurations;
  std::vector<hsize_t> cells;
  std::int64_t best = s.best;
  double best_cost = s.best_cost;
  for (std::size_t i = 0; i < k; ++i) {
    const TrialRecord& t = trials[i];
    if (t.configuration.size() != d)
      throw std::invalid_argument("trial history: a configuration of the wrong dimension");
    const auto number = static_cast<std::int64_t>(s.count + i);
    points[i] = static_cast<hsize_t>(number);
    objective[i] = t.objective;
    cost[i] = t.cost;
    seconds[i] = t.seconds;
    // a failed trial (NaN) is never the incumbent; ties keep the earlier trial
    if (!std::isnan(t.cost) && (best < 0 || t.cost < best_cost)) {
      best = number;
      best_cost = t.cost;
    }
    incumbent[i] = best;
    incumbent_cost[i] = best_cost;
    for (std::size_t c = 0; c < d; ++c) {
      configurations.push_back(t.configuration[c]);
      cells.push_back(points[i]);
      cells.push_back(c);
    }
  }
  store_schema::translate(
      s.store->path(), "store trials",
      [&] {
        const h5::Dataspace memory = h5::simple_space({static_cast<hsize_t>(k)});
        const h5::Dataspace selection = h5::dataset_space(s.cost);
        h5::select_points(selection, 1, points);
        h5::write(s.objective, H5T_NATIVE_DOUBLE, memory, selection, objective.data());
        h5::write(s.cost, H5T_NATIVE_DOUBLE, memory, selection, cost.data());
        h5::write(s.seconds, H5T_NATIVE_DOUBLE, memory, selection, seconds.data());
        h5::write(s.incumbent, H5T_NATIVE_INT64, memory, selection, incumbent.data());
        h5::write(s.incumbent_cost, H5T_NATIVE_DOUBLE, memory, selection, incumbent_cost.data());
        if (d > 0) {
          const h5::Dataspace rows = h5::dataset_space(s.configurations);
          h5::select_points(rows, 2, cells);
          h5::write(s.configurations, H5T_NATIVE_DOUBLE,
                    h5::simple_space({static_cast<hsize_t>(k * d)}), rows, configurations.data());
        }
        // the trials reach the disk before the flags that say they are there
        const h5::File file(H5Iget_file_id(s.group.id()));
        h5::sync(file);
        const std::vector<std::uint8_t> flags(k, 1);
        h5::write(s.done, H5T_NATIVE_UINT8, memory, selection, flags.data());
        h5::flush(file);
      },
      store_schema::write_fix());
  s.count += k;
  s.best = best;
  s.best_cost = best_cost;
}

StoredTrials read_trial_history(const std::filesystem::path& path) {
  StoreMetadata metadata;
  const h5::File file = store_schema::open_checked(path, false, metadata);
  const bool has = store_schema::translate(path, "read it",
                                           [&] { return h5::link_exists(file.id(), group_name); });
  if (!has)
    throw invalid_input(path.string() +
                        " holds no trials (no /optimize group): it is not the store of "
                        "`hypershap optimize`; name the store an optimize job wrote");
  return store_schema::translate(path, "read its trial history",
                                 [&] { return read_trials(file.id()); });
}

bool has_trial_history(const std::filesystem::path& path) {
  try {
    StoreMetadata metadata;
    const h5::File file = store_schema::open_checked(path, false, metadata);
    return h5::link_exists(file.id(), group_name);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace hypershap
