#include "hypershap/service/progress.hpp"

#include <cstdio>
#include <ctime>
#include <ostream>

namespace hypershap {

Progress::Progress(std::ostream& out, bool terminal, double interval_seconds, std::string unit)
    : out_(out),
      terminal_(terminal),
      interval_(interval_seconds),
      unit_(std::move(unit)),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

std::string Progress::line(std::uint64_t done, std::uint64_t total) const {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(done - first_done_) / elapsed : 0.0;
  const double eta = rate > 0.0 ? static_cast<double>(total - done) / rate : 0.0;
  char text[200];
  if (terminal_) {
    const int width = 30;
    const int filled =
        total > 0 ? static_cast<int>(width * static_cast<double>(done) / static_cast<double>(total))
                  : width;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::snprintf(text, sizeof text, "[%s] %llu/%llu %s  %.1f/s  ETA %.0f s", bar.c_str(),
                  static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                  unit_.c_str(), rate, eta);
  } else {
    const std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    std::snprintf(
        text, sizeof text, "%s progress %llu/%llu %s (%.1f%%), %.1f/s, ETA %.0f s", stamp,
        static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
        unit_.c_str(),
        total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0, rate,
        eta);
  }
  return detail_.empty() ? std::string(text) : std::string(text) + ", " + detail_;
}

void Progress::update(std::uint64_t done, std::uint64_t total) {
  if (!started_) {
    started_ = true;
    first_done_ = done > 0 ? done - 1 : 0;
  }
  const auto now = std::chrono::steady_clock::now();
  const double since_last = std::chrono::duration<double>(now - last_).count();
  if (terminal_) {
    if (since_last < 0.1 && done < total) return;
    out_ << "\r" << line(done, total) << std::flush;
  } else {
    if (since_last < interval_ && done < total) return;
    out_ << line(done, total) << "\n" << std::flush;
  }
  last_ = now;
  last_done_ = done;
}

void Progress::finish(std::uint64_t done, std::uint64_t total) {
  if (!started_) return;
  if (!terminal_ && last_done_ == done) return;  // the last line is already out
  if (terminal_) {
    out_ << "\r" << line(done, total) << "\n" << std::flush;
  } else {
    out_ << line(done, total) << "\n" << std::flush;
  }
}

}  // namespace hypershap
