#pragma once
// Progress on rank 0 only: on a terminal a bar with coalitions done, rate and ETA, redrawn in
// place; in a log file (a Slurm .out) one timestamped line every few seconds, because a redrawn
// bar in a file is one endless line.

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace hypershap {

class Progress {
 public:
  /// `terminal`: redraw a bar in place; otherwise print a line every `interval_seconds`. `unit`
  /// names what is counted.
  Progress(std::ostream& out, bool terminal, double interval_seconds = 5.0,
           std::string unit = "coalitions");
  void update(std::uint64_t done, std::uint64_t total);
  /// Text shown after the counts from now on (e.g. the best cost so far).
  void set_detail(std::string detail) { detail_ = std::move(detail); }
  /// Ends the bar's line (terminal) or prints the last line (log).
  void finish(std::uint64_t done, std::uint64_t total);

 private:
  std::string line(std::uint64_t done, std::uint64_t total) const;

  std::ostream& out_;
  bool terminal_;
  double interval_;
  std::string unit_;
  std::string detail_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  std::uint64_t first_done_ = 0;
  std::uint64_t last_done_ = 0;
  bool started_ = false;
};

}  // namespace hypershap
