#include "hdf5.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace hypershap::h5 {

namespace {

herr_t collect_error(unsigned depth, const H5E_error2_t* error, void* data) {
  auto& text = *static_cast<std::string*>(data);
  text += depth == 0 ? "" : "; ";
  text += error->func_name != nullptr ? error->func_name : "?";
  text += ": ";
  text += error->desc != nullptr ? error->desc : "";
  return 0;
}

// Throws Failure naming the call, with the current HDF5 error stack (innermost error first).
[[noreturn]] void fail(const std::string& call) {
  std::string stack;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &stack);
  H5Eclear2(H5E_DEFAULT);
  throw Failure(call + " failed" + (stack.empty() ? std::string() : " (HDF5: " + stack + ")"));
}

hid_t check_id(hid_t id, const std::string& call) {
  if (id < 0) fail(call);
  return id;
}

void check(herr_t status, const std::string& call) {
  if (status < 0) fail(call);
}

bool check_tri(htri_t status, const std::string& call) {
  if (status < 0) fail(call);
  return status > 0;
}

Datatype copy_type(hid_t type) { return Datatype(check_id(H5Tcopy(type), "H5Tcopy")); }

template <typename T>
void write_numbers(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<T>& data, hid_t file_type, hid_t memory_type) {
  const Dataspace space = simple_space(dims);
  std::vector<hsize_t> chunk = dims;
  // chunks of at most 64 Ki elements: the leading dimension is cut, the others kept whole
  hsize_t row = 1;
  for (std::size_t i = 1; i < chunk.size(); ++i) row *= std::max<hsize_t>(chunk[i], 1);
  if (!chunk.empty()) chunk[0] = std::clamp<hsize_t>(65536 / row, 1, std::max<hsize_t>(dims[0], 1));
  for (hsize_t& c : chunk) c = std::max<hsize_t>(c, 1);
  const bool empty = std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end();
  const PropertyList creation =
      dataset_creation(chunk, empty ? Storage::contiguous : Storage::compressed);
  const Dataset dataset = create_dataset(parent, name, file_type, space, creation);
  if (!data.empty()) write(dataset, memory_type, space, space, data.data());
}

template <typename T>
std::vector<T> read_numbers(hid_t parent, const std::string& name, hid_t memory_type) {
  const Dataset dataset = open_dataset(parent, name);
  const Dataspace space = dataset_space(dataset);
  const hssize_t count = H5Sget_simple_extent_npoints(space.id());
  if (count < 0) fail("H5Sget_simple_extent_npoints(" + name + ")");
  std::vector<T> data(static_cast<std::size_t>(count));
  if (!data.empty()) read(dataset, memory_type, space, space, data.data());
  return data;
}

}  // namespace

void silence_errors() {
  static std::once_flag once;
  std::call_once(once, [] {
    H5dont_atexit();  // must precede every other HDF5 call
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  });
}

PropertyList file_access(bool locking) {
  silence_errors();
  PropertyList access(check_id(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate(file access)"));
  check(H5Pset_file_locking(access.id(), locking, true), "H5Pset_file_locking");
  return access;
}

File create_file(const std::string& path, const PropertyList& access) {
  silence_errors();
  return File(check_id(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, access.id()),
                       "H5Fcreate(" + path + ")"));
}

File open_file(const std::string& path, bool writable, const PropertyList& access) {
  silence_errors();
  return File(check_id(H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, access.id()),
                       "H5Fopen(" + path + ")"));
}

void flush(const File& file) { check(H5Fflush(file.id(), H5F_SCOPE_LOCAL), "H5Fflush"); }

void sync(const File& file) {
  flush(file);
  void* handle = nullptr;
  check(H5Fget_vfd_handle(file.id(), H5P_DEFAULT, &handle), "H5Fget_vfd_handle");
  // the default (sec2) driver's handle is its file descriptor
  if (handle == nullptr || ::fsync(*static_cast<int*>(handle)) != 0)
    throw Failure(std::string("fsync failed: ") + std::strerror(errno));
}

void close(File& file) { check(H5Fclose(file.release()), "H5Fclose"); }

int reserve(const File& file, std::size_t bytes) {
  void* handle = nullptr;
  if (H5Fget_vfd_handle(file.id(), H5P_DEFAULT, &handle) < 0 || handle == nullptr) {
    H5Eclear2(H5E_DEFAULT);
    return EBADF;
  }
  const int fd = *static_cast<int*>(handle);
  struct stat status {};
  if (::fstat(fd, &status) != 0) return errno;
  return ::posix_fallocate(fd, status.st_size, static_cast<off_t>(bytes));
}

Group create_group(hid_t parent, const std::string& name) {
  return Group(check_id(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                        "H5Gcreate2(" + name + ")"));
}

Group open_group(hid_t parent, const std::string& name) {
  return Group(check_id(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), "H5Gopen2(" + name + ")"));
}

bool link_exists(hid_t parent, const std::string& name) {
  return check_tri(H5Lexists(parent, name.c_str(), H5P_DEFAULT), "H5Lexists(" + name + ")");
}

void delete_link(hid_t parent, const std::string& name) {
  check(H5Ldelete(parent, name.c_str(), H5P_DEFAULT), "H5Ldelete(" + name + ")");
}

void move_link(hid_t parent, const std::string& from, const std::string& to) {
  check(H5Lmove(parent, from.c_str(), parent, to.c_str(), H5P_DEFAULT, H5P_DEFAULT),
        "H5Lmove(" + from + ")");
}

std::vector<std::string> link_names(hid_t group) {
  std::vector<std::string> names;
  const auto visit = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names), "H5Literate");
  return names;
}

Dataspace scalar_space() { return Dataspace(check_id(H5Screate(H5S_SCALAR), "H5Screate(scalar)")); }

Dataspace simple_space(const std::vector<hsize_t>& dims) {
  return Dataspace(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                            "H5Screate_simple"));
}

Dataspace dataset_space(const Dataset& dataset) {
  return Dataspace(check_id(H5Dget_space(dataset.id()), "H5Dget_space"));
}

std::vector<hsize_t> dims_of(const Dataspace& space) {
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 0) fail("H5Sget_simple_extent_ndims");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr) < 0)
    fail("H5Sget_simple_extent_dims");
  return dims;
}

void select_points(const Dataspace& space, int rank, const std::vector<hsize_t>& coordinates) {
  check(H5Sselect_elements(space.id(), H5S_SELECT_SET,
                           coordinates.size() / static_cast<std::size_t>(rank), coordinates.data()),
        "H5Sselect_elements");
}

Datatype utf8_string_type() {
  Datatype type = copy_type(H5T_C_S1);
  check(H5Tset_size(type.id(), H5T_VARIABLE), "H5Tset_size");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset");
  return type;
}

PropertyList dataset_creation(const std::vector<hsize_t>& chunk, Storage storage, hid_t fill_type,
                              const void* fill) {
  PropertyList creation(check_id(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate(dataset create)"));
  if (storage != Storage::contiguous)
    check(H5Pset_chunk(creation.id(), static_cast<int>(chunk.size()), chunk.data()),
          "H5Pset_chunk");
  // no modification times: identical content gives identical objects, and writing raw data
  // never touches an object header
  check(H5Pset_obj_track_times(creation.id(), false), "H5Pset_obj_track_times");
  if (storage == Storage::compressed) {
    check(H5Pset_shuffle(creation.id()), "H5Pset_shuffle");
    check(H5Pset_deflate(creation.id(), 6), "H5Pset_deflate");
  } else if (storage == Storage::preallocated) {
    check(H5Pset_alloc_time(creation.id(), H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time");
  }
  if (fill != nullptr) {
    check(H5Pset_fill_value(creation.id(), fill_type, fill), "H5Pset_fill_value");
    check(H5Pset_fill_time(creation.id(), H5D_FILL_TIME_ALLOC), "H5Pset_fill_time");
  }
  return creation;
}

Dataset create_dataset(hid_t parent, const std::string& name, hid_t type, const Dataspace& space,
                       const PropertyList& creation) {
  return Dataset(check_id(
      H5Dcreate2(parent, name.c_str(), type, space.id(), H5P_DEFAULT, creation.id(), H5P_DEFAULT),
      "H5Dcreate2(" + name + ")"));
}

Dataset open_dataset(hid_t parent, const std::string& name, hid_t access) {
  return Dataset(check_id(H5Dopen2(parent, name.c_str(), access), "H5Dopen2(" + name + ")"));
}

PropertyList uncached_dataset_access() {
  PropertyList access(check_id(H5Pcreate(H5P_DATASET_ACCESS), "H5Pcreate(dataset access)"));
  check(H5Pset_chunk_cache(access.id(), 0, 0, 1.0), "H5Pset_chunk_cache");
  return access;
}

void write(const Dataset& dataset, hid_t memory_type, const Dataspace& memory_space,
           const Dataspace& file_space, const void* buffer) {
  check(
      H5Dwrite(dataset.id(), memory_type, memory_space.id(), file_space.id(), H5P_DEFAULT, buffer),
      "H5Dwrite");
}

void read(const Dataset& dataset, hid_t memory_type, const Dataspace& memory_space,
          const Dataspace& file_space, void* buffer) {
  check(H5Dread(dataset.id(), memory_type, memory_space.id(), file_space.id(), H5P_DEFAULT, buffer),
        "H5Dread");
}

H5T_class_t type_class(const Dataset& dataset) {
  const Datatype type(check_id(H5Dget_type(dataset.id()), "H5Dget_type"));
  const H5T_class_t result = H5Tget_class(type.id());
  if (result == H5T_NO_CLASS) fail("H5Tget_class");
  return result;
}

bool attribute_exists(hid_t object, const std::string& name) {
  return check_tri(H5Aexists(object, name.c_str()), "H5Aexists(" + name + ")");
}

namespace {

Attribute create_attribute(hid_t object, const std::string& name, hid_t type,
                           const Dataspace& space) {
  if (attribute_exists(object, name))
    check(H5Adelete(object, name.c_str()), "H5Adelete(" + name + ")");
  return Attribute(
      check_id(H5Acreate2(object, name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
               "H5Acreate2(" + name + ")"));
}

Attribute open_attribute(hid_t object, const std::string& name) {
  return Attribute(check_id(H5Aopen(object, name.c_str(), H5P_DEFAULT), "H5Aopen(" + name + ")"));
}

// Reads a variable-length string attribute of any shape into `count` strings.
std::vector<std::string> read_strings(hid_t object, const std::string& name) {
  const Attribute attribute = open_attribute(object, name);
  const Datatype stored(check_id(H5Aget_type(attribute.id()), "H5Aget_type(" + name + ")"));
  if (H5Tget_class(stored.id()) != H5T_STRING || H5Tis_variable_str(stored.id()) <= 0)
    throw Failure("attribute " + name + " is not a variable-length string");
  const Dataspace space(check_id(H5Aget_space(attribute.id()), "H5Aget_space(" + name + ")"));
  const hssize_t count = H5Sget_simple_extent_npoints(space.id());
  if (count < 0) fail("H5Sget_simple_extent_npoints(" + name + ")");
  std::vector<char*> buffer(static_cast<std::size_t>(count), nullptr);
  const Datatype type = utf8_string_type();
  check(H5Aread(attribute.id(), type.id(), buffer.data()), "H5Aread(" + name + ")");
  std::vector<std::string> result;
  for (const char* text : buffer) result.emplace_back(text != nullptr ? text : "");
  check(H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, buffer.data()), "H5Dvlen_reclaim");
  return result;
}

}  // namespace

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  const Datatype type = utf8_string_type();
  const Dataspace space = scalar_space();
  const Attribute attribute = create_attribute(object, name, type.id(), space);
  const char* text = value.c_str();
  check(H5Awrite(attribute.id(), type.id(), &text), "H5Awrite(" + name + ")");
}

void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& value) {
  const Datatype type = utf8_string_type();
  const Dataspace space = simple_space({static_cast<hsize_t>(value.size())});
  const Attribute attribute = create_attribute(object, name, type.id(), space);
  std::vector<const char*> texts;
  for (const std::string& s : value) texts.push_back(s.c_str());
  check(H5Awrite(attribute.id(), type.id(), texts.data()), "H5Awrite(" + name + ")");
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
  const Dataspace space = scalar_space();
  const Attribute attribute = create_attribute(object, name, H5T_STD_I64LE, space);
  check(H5Awrite(attribute.id(), H5T_NATIVE_INT64, &value), "H5Awrite(" + name + ")");
}

void write_attribute(hid_t object, const std::string& name, double value) {
  const Dataspace space = scalar_space();
  const Attribute attribute = create_attribute(object, name, H5T_IEEE_F64LE, space);
  check(H5Awrite(attribute.id(), H5T_NATIVE_DOUBLE, &value), "H5Awrite(" + name + ")");
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  std::vector<std::string> values = read_strings(object, name);
  if (values.size() != 1) throw Failure("attribute " + name + " is not a single string");
  return values.front();
}

std::vector<std::string> read_strings_attribute(hid_t object, const std::string& name) {
  return read_strings(object, name);
}

std::int64_t read_int_attribute(hid_t object, const std::string& name) {
  const Attribute attribute = open_attribute(object, name);
  std::int64_t value = 0;
  check(H5Aread(attribute.id(), H5T_NATIVE_INT64, &value), "H5Aread(" + name + ")");
  return value;
}

double read_double_attribute(hid_t object, const std::string& name) {
  const Attribute attribute = open_attribute(object, name);
  double value = 0.0;
  check(H5Aread(attribute.id(), H5T_NATIVE_DOUBLE, &value), "H5Aread(" + name + ")");
  return value;
}

void write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<double>& data) {
  write_numbers(parent, name, dims, data, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
}

void write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<std::uint64_t>& data) {
  write_numbers(parent, name, dims, data, H5T_STD_U64LE, H5T_NATIVE_UINT64);
}

void write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<std::int32_t>& data) {
  write_numbers(parent, name, dims, data, H5T_STD_I32LE, H5T_NATIVE_INT32);
}

std::vector<double> read_doubles(hid_t parent, const std::string& name) {
  return read_numbers<double>(parent, name, H5T_NATIVE_DOUBLE);
}

std::vector<std::uint64_t> read_uint64s(hid_t parent, const std::string& name) {
  return read_numbers<std::uint64_t>(parent, name, H5T_NATIVE_UINT64);
}

std::vector<std::uint8_t> read_uint8s(hid_t parent, const std::string& name) {
  return read_numbers<std::uint8_t>(parent, name, H5T_NATIVE_UINT8);
}

std::vector<std::uint32_t> read_uint32s(hid_t parent, const std::string& name) {
  return read_numbers<std::uint32_t>(parent, name, H5T_NATIVE_UINT32);
}

std::vector<hsize_t> dataset_dims(hid_t parent, const std::string& name) {
  const Dataset dataset = open_dataset(parent, name);
  return dims_of(dataset_space(dataset));
}

}  // namespace hypershap::h5
