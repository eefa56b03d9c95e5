// stroem_e2e_stamp DIR: writes the CLOCK_REALTIME nanoseconds at its start to
// DIR/$STROEM_JOB_ID. The dispatch benchmark's step; libc only, linked statically, so
// that its own start-up costs as little as possible (and the same in the baseline).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  const char* job = getenv("STROEM_JOB_ID");
  if (argc != 2 || !job) return 2;
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", argv[1], job);
  char text[32];
  int n = snprintf(text, sizeof text, "%lld\n",
                   static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, text, n) != n) return 1;
  return close(fd) == 0 ? 0 : 1;
}
