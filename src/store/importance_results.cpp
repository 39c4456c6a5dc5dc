#include "hypershap/store/importance_results.hpp"

#include <cstdint>
#include <string>

#include "file_lock.hpp"
#include "hdf5.hpp"
#include "schema.hpp"

namespace hypershap {

namespace {

constexpr const char* importance_group = "importance";

std::vector<hsize_t> dims(std::size_t n) { return {static_cast<hsize_t>(n)}; }

std::vector<std::uint64_t> as_u64(const std::vector<int>& v) {
  return std::vector<std::uint64_t>(v.begin(), v.end());
}

void write_pd(hid_t parent, const std::string& name, const PartialDependence& pd) {
  const h5::Group g = h5::create_group(parent, name);
  h5::write_attribute(g.id(), "names", pd.names);
  h5::write_dataset(g.id(), "features", dims(pd.features.size()),
                    as_u64(std::vector<int>(pd.features.begin(), pd.features.end())));
  for (std::size_t i = 0; i < pd.axes.size(); ++i) {
    h5::write_dataset(g.id(), "axis" + std::to_string(i), dims(pd.axes[i].size()), pd.axes[i]);
    if (i < pd.labels.size())
      h5::write_attribute(g.id(), "labels" + std::to_string(i), pd.labels[i]);
  }
  h5::write_dataset(g.id(), "mean", dims(pd.mean.size()), pd.mean);
  h5::write_dataset(g.id(), "standard_error", dims(pd.standard_error.size()), pd.standard_error);
  h5::write_dataset(g.id(), "count", dims(pd.count.size()), as_u64(pd.count));
  if (pd.ice.size() > 0) {
    std::vector<double> ice(static_cast<std::size_t>(pd.ice.size()));
    for (Eigen::Index r = 0; r < pd.ice.rows(); ++r)
      for (Eigen::Index c = 0; c < pd.ice.cols(); ++c)
        ice[static_cast<std::size_t>(r * pd.ice.cols() + c)] = pd.ice(r, c);
    h5::write_dataset(g.id(), "ice",
                      {static_cast<hsize_t>(pd.ice.rows()), static_cast<hsize_t>(pd.ice.cols())},
                      ice);
  }
}

PartialDependence read_pd(hid_t parent, const std::string& name) {
  const h5::Group g = h5::open_group(parent, name);
  PartialDependence pd;
  pd.names = h5::read_strings_attribute(g.id(), "names");
  for (const std::uint64_t f : h5::read_uint64s(g.id(), "features"))
    pd.features.push_back(static_cast<int>(f));
  for (std::size_t i = 0; i < pd.features.size(); ++i) {
    pd.axes.push_back(h5::read_doubles(g.id(), "axis" + std::to_string(i)));
    const std::string labels = "labels" + std::to_string(i);
    pd.labels.push_back(h5::attribute_exists(g.id(), labels)
                            ? h5::read_strings_attribute(g.id(), labels)
                            : std::vector<std::string>{});
  }
  pd.mean = h5::read_doubles(g.id(), "mean");
  pd.standard_error = h5::read_doubles(g.id(), "standard_error");
  for (const std::uint64_t c : h5::read_uint64s(g.id(), "count"))
    pd.count.push_back(static_cast<int>(c));
  if (h5::link_exists(g.id(), "ice")) {
    const std::vector<hsize_t> shape = h5::dataset_dims(g.id(), "ice");
    const std::vector<double> ice = h5::read_doubles(g.id(), "ice");
    pd.ice.resize(static_cast<Eigen::Index>(shape[0]), static_cast<Eigen::Index>(shape[1]));
    for (Eigen::Index r = 0; r < pd.ice.rows(); ++r)
      for (Eigen::Index c = 0; c < pd.ice.cols(); ++c)
        pd.ice(r, c) = ice[static_cast<std::size_t>(r * pd.ice.cols() + c)];
  }
  return pd;
}

}  // namespace

void write_importance_results(const std::filesystem::path& store, const JobDescription& job,
                              const ImportanceResults& results) {
  {
    StoreWriter writer(store, job, {});  // creates the store, or checks it is this job's
    writer.close();
  }
  FileLock lock(store.string() + ".lock", store);
  StoreMetadata metadata;
  h5::File file = store_schema::open_checked(store, true, metadata);
  store_schema::translate(
      store, "write the importance results",
      [&] {
        const hid_t root = file.id();
        if (h5::link_exists(root, importance_group)) h5::delete_link(root, importance_group);
        const h5::Group g = h5::create_group(root, importance_group);
        h5::write_attribute(g.id(), "model", results.model);
        h5::write_attribute(g.id(), "metric", results.metric);
        h5::write_attribute(g.id(), "players", results.players);
        h5::write_attribute(g.id(), "order", std::int64_t{results.order});
        h5::write_attribute(g.id(), "trees", std::int64_t{results.trees});
        h5::write_attribute(g.id(), "trees_used", std::int64_t{results.trees_used});
        h5::write_attribute(g.id(), "samples", std::int64_t{results.samples});
        h5::write_attribute(g.id(), "forest_r2", results.forest_r2);
        h5::write_attribute(g.id(), "total_variance", results.total_variance);
        h5::write_attribute(g.id(), "seconds", results.seconds);
        // the terms as columns; names flattened, term i has sizes[i] of them
        std::vector<std::string> names;
        std::vector<std::uint64_t> sizes;
        std::vector<double> fraction, std_, total_fraction, total_std;
        for (const ImportanceTerm& t : results.terms) {
          names.insert(names.end(), t.names.begin(), t.names.end());
          sizes.push_back(t.names.size());
          fraction.push_back(t.fraction);
          std_.push_back(t.std);
          total_fraction.push_back(t.total_fraction);
          total_std.push_back(t.total_std);
        }
        h5::write_attribute(g.id(), "term_names", names);
        const std::size_t n = results.terms.size();
        h5::write_dataset(g.id(), "term_sizes", dims(n), sizes);
        h5::write_dataset(g.id(), "fraction", dims(n), fraction);
        h5::write_dataset(g.id(), "std", dims(n), std_);
        h5::write_dataset(g.id(), "total_fraction", dims(n), total_fraction);
        h5::write_dataset(g.id(), "total_std", dims(n), total_std);
        const h5::Group pds = h5::create_group(g.id(), "partial_dependence");
        for (std::size_t i = 0; i < results.partial_dependence.size(); ++i)
          write_pd(pds.id(), std::to_string(i), results.partial_dependence[i]);
        h5::flush(file);
        h5::close(file);
      },
      store_schema::write_fix());
}

std::optional<ImportanceResults> read_importance_results(const std::filesystem::path& store) {
  StoreMetadata metadata;
  const h5::File file = store_schema::open_checked(store, false, metadata);
  return store_schema::translate(store, "read its importance results", [&] {
    std::optional<ImportanceResults> out;
    const hid_t root = file.id();
    if (!h5::link_exists(root, importance_group)) return out;
    const h5::Group g = h5::open_group(root, importance_group);
    ImportanceResults r;
    r.model = h5::read_string_attribute(g.id(), "model");
    r.metric = h5::read_string_attribute(g.id(), "metric");
    r.players = h5::read_strings_attribute(g.id(), "players");
    r.order = static_cast<int>(h5::read_int_attribute(g.id(), "order"));
    r.trees = static_cast<int>(h5::read_int_attribute(g.id(), "trees"));
    r.trees_used = static_cast<int>(h5::read_int_attribute(g.id(), "trees_used"));
    r.samples = static_cast<int>(h5::read_int_attribute(g.id(), "samples"));
    r.forest_r2 = h5::read_double_attribute(g.id(), "forest_r2");
    r.total_variance = h5::read_double_attribute(g.id(), "total_variance");
    r.seconds = h5::read_double_attribute(g.id(), "seconds");
    const std::vector<std::string> names = h5::read_strings_attribute(g.id(), "term_names");
    const std::vector<std::uint64_t> sizes = h5::read_uint64s(g.id(), "term_sizes");
    const std::vector<double> fraction = h5::read_doubles(g.id(), "fraction");
    const std::vector<double> std_ = h5::read_doubles(g.id(), "std");
    const std::vector<double> total_fraction = h5::read_doubles(g.id(), "total_fraction");
    const std::vector<double> total_std = h5::read_doubles(g.id(), "total_std");
    std::size_t next = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      ImportanceTerm t;
      for (std::uint64_t k = 0; k < sizes[i] && next < names.size(); ++k)
        t.names.push_back(names[next++]);
      t.fraction = fraction[i];
      t.std = std_[i];
      t.total_fraction = total_fraction[i];
      t.total_std = total_std[i];
      r.terms.push_back(std::move(t));
    }
    const h5::Group pds = h5::open_group(g.id(), "partial_dependence");
    const std::size_t count = h5::link_names(pds.id()).size();
    for (std::size_t i = 0; i < count; ++i)
      r.partial_dependence.push_back(read_pd(pds.id(), std::to_string(i)));
    out = std::move(r);
    return out;
  });
}

}  // namespace hypershap
