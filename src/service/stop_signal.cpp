#include "hypershap/service/stop_signal.hpp"

#include <unistd.h>
#include <csignal>
#include <initializer_list>

namespace hypershap {

namespace {
volatile std::sig_atomic_t stop_flag = 0;
volatile std::sig_atomic_t interrupts = 0;

extern "C" void on_stop_signal(int signal) {
  if (signal == SIGINT && ++interrupts >= 2) _exit(130);
  stop_flag = 1;
}
}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (const int signal : {SIGTERM, SIGINT, SIGUSR1}) sigaction(signal, &action, nullptr);
}

bool stop_requested() { return stop_flag != 0; }
void request_stop() { stop_flag = 1; }
void clear_stop_request() {
  stop_flag = 0;
  interrupts = 0;
}

}  // namespace hypershap
