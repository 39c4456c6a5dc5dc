# hypershap_warnings: the warning set every target of ours compiles with; -Werror where
# HYPERSHAP_WERROR is on (CI), so a warning never lands on main.
add_library(hypershap_warnings INTERFACE)
target_compile_options(hypershap_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion)
if(HYPERSHAP_WERROR)
  target_compile_options(hypershap_warnings INTERFACE -Werror)
endif()

# hypershap_sanitizers: ASan + UBSan for the debug preset.
add_library(hypershap_sanitizers INTERFACE)
if(HYPERSHAP_SANITIZE)
  target_compile_options(hypershap_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(hypershap_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
