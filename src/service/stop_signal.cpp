#include "hypershap/service/stop_signal.hpp"

#include <unistd.h>
#include <csignal>
#include <initializer_list>

namespace hypershap {

namespace {
volatile std::sig_atomic_t interrupts = 0;

extern "C" void on_stop_signal(int signal) {
  if (signal == SIGINT && ++interrupts >= 2) _exit(130);
  request_stop();
}
}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (const int signal : {SIGTERM, SIGINT, SIGUSR1}) sigaction(signal, &action, nullptr);
}

void clear_stop_request() {
  stop_request_flag() = 0;
  interrupts = 0;
}

}  // namespace hypershap
