#pragma once
// A small RAII layer over the HDF5 1.10 C API, private to the store: every handle closes itself,
// every C call is checked, and a failing call throws h5::Failure carrying HDF5's error stack as
// text (the library's automatic printing to stderr is switched off).

#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hypershap::h5 {

/// An HDF5 call failed; what() names the call and holds the HDF5 error stack.
class Failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Switches HDF5's automatic error printing off and its exit handler (H5close at exit) off, once
/// per process, before any other HDF5 call. The store never relies on HDF5 closing files at exit:
/// the writer closes its file explicitly, and after a failed write it leaves the file to the
/// kernel (like a SIGKILL, which the store survives) rather than have HDF5 flush metadata that is
/// half written — which, on a full disk, segfaulted inside the exit handler.
void silence_errors();

/// A handle of one kind (file, group, dataset, ...), closed by `Close` on destruction.
template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }
  ~Handle() { reset(); }

  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  /// Gives up ownership: the caller closes the id.
  hid_t release() noexcept {
    const hid_t id = id_;
    id_ = H5I_INVALID_HID;
    return id;
  }
  void reset() noexcept {
    if (id_ >= 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Attribute = Handle<H5Aclose>;
using Datatype = Handle<H5Tclose>;
using PropertyList = Handle<H5Pclose>;

// Files. `locking` false lets readers open a file a writer holds (the store has its own lock).
PropertyList file_access(bool locking);
File create_file(const std::string& path, const PropertyList& access);
File open_file(const std::string& path, bool writable, const PropertyList& access);
void flush(const File& file);
/// Flushes and then asks the operating system to write the file to the disk (fsync), so that
/// what was written survives a machine crash, not only the end of this process.
void sync(const File& file);
/// Closes the file now, reporting a failure (a destructor cannot).
void close(File& file);
/// Makes the file system allocate `bytes` more at the end of the file (posix_fallocate), so that
/// HDF5 objects created before the next flush cannot fail for want of space halfway (HDF5
/// truncates the file to its end of allocation again when it flushes). Returns 0 or the errno.
int reserve(const File& file, std::size_t bytes);

// Groups and links; `parent` is a file or group id.
Group create_group(hid_t parent, const std::string& name);
Group open_group(hid_t parent, const std::string& name);
bool link_exists(hid_t parent, const std::string& name);
void delete_link(hid_t parent, const std::string& name);
/// Renames a link within `parent`; the object it points to is not read.
void move_link(hid_t parent, const std::string& from, const std::string& to);
/// The names of the links in a group, in name order.
std::vector<std::string> link_names(hid_t group);

// Dataspaces.
Dataspace scalar_space();
Dataspace simple_space(const std::vector<hsize_t>& dims);
Dataspace dataset_space(const Dataset& dataset);
std::vector<hsize_t> dims_of(const Dataspace& space);
/// Selects the listed points (rank × count coordinates, point-major).
void select_points(const Dataspace& space, int rank, const std::vector<hsize_t>& coordinates);

// Datatypes.
Datatype utf8_string_type();  // variable-length UTF-8

// Dataset creation properties: gzip+shuffle chunks (for data written once), uncompressed chunks
// allocated when the dataset is created (for data rewritten in place; README.md, "The result
// store"), or contiguous (for empty datasets, which cannot be chunked).
enum class Storage { compressed, preallocated, contiguous };
PropertyList dataset_creation(const std::vector<hsize_t>& chunk, Storage storage,
                              hid_t fill_type = H5I_INVALID_HID, const void* fill = nullptr);

Dataset create_dataset(hid_t parent, const std::string& name, hid_t type, const Dataspace& space,
                       const PropertyList& creation);
Dataset open_dataset(hid_t parent, const std::string& name, hid_t access = H5P_DEFAULT);
/// Dataset access properties without a chunk cache: writes go straight to the file.
PropertyList uncached_dataset_access();
void write(const Dataset& dataset, hid_t memory_type, const Dataspace& memory_space,
           const Dataspace& file_space, const void* buffer);
void read(const Dataset& dataset, hid_t memory_type, const Dataspace& memory_space,
          const Dataspace& file_space, void* buffer);
/// The dataset's class (H5T_FLOAT, H5T_INTEGER, ...).
H5T_class_t type_class(const Dataset& dataset);

// Attributes on a file, group or dataset.
bool attribute_exists(hid_t object, const std::string& name);
void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, double value);
std::string read_string_attribute(hid_t object, const std::string& name);
std::vector<std::string> read_strings_attribute(hid_t object, const std::string& name);
std::int64_t read_int_attribute(hid_t object, const std::string& name);
double read_double_attribute(hid_t object, const std::string& name);

// Whole datasets of numbers in row-major logical shape.
void write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<double>& data);
void write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<std::uint64_t>& data);
void write_dataset(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<std::int32_t>& data);
std::vector<double> read_doubles(hid_t parent, const std::string& name);
std::vector<std::uint64_t> read_uint64s(hid_t parent, const std::string& name);
std::vector<std::uint8_t> read_uint8s(hid_t parent, const std::string& name);
std::vector<std::uint32_t> read_uint32s(hid_t parent, const std::string& name);
std::vector<hsize_t> dataset_dims(hid_t parent, const std::string& name);

}  // namespace hypershap::h5
