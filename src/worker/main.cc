// stroem-worker: config from $STROEM_CONFIG and STROEM__* overrides, then Worker::Run.
// SIGTERM or SIGINT stops claiming and drains (see worker.h); exit 0 after the drain,
// 1 when the configuration is wrong or the server refuses the registration.
#include <signal.h>

#include <iostream>
#include <thread>

#include "worker/worker.h"
#include "worker/worker_config.h"

extern char** environ;

int main() {
  auto config = stroem::worker::LoadWorkerConfig(environ);
  if (!config) {
    std::cerr << "stroem-worker: invalid configuration:\n" << config.error().message << "\n";
    return 1;
  }
  // Block the stop signals in every thread; one thread takes them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  stroem::worker::Worker worker(*config);
  std::thread signals([&worker, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    worker.Stop();
  });
  auto result = worker.Run();
  // The signal thread uses `worker`: it must be done before `worker` is destroyed. If no
  // signal came, this one (blocked, so only sigwait sees it) lets it return.
  pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  if (!result) {
    std::cerr << "stroem-worker: " << result.error().message << "\n";
    return 1;
  }
  return 0;
}
