# models:avx2-object-isolated — the AVX2+FMA copy of the GP numerics (src/models/gp_numerics.hpp)
# may reach the rest of the program only through its table. A weak symbol it defines outside the
# renamed Eigen could be picked by the linker for baseline code too (an illegal instruction on a
# processor without AVX2), and code it runs at start-up would run before any processor check.
#   cmake -DNM=nm -DOBJDUMP=objdump -DOBJECT=gp_numerics_avx2.cpp.o -P check_avx2_object.cmake
execute_process(COMMAND ${NM} --defined-only ${OBJECT} OUTPUT_VARIABLE symbols
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "${NM} cannot read ${OBJECT}")
endif()
if(NOT symbols MATCHES "_ZN9hypershap11gp_numerics12avx2_variant5tableEv")
  message(FATAL_ERROR "${OBJECT} does not define avx2_variant::table(): compiled empty?")
endif()
string(REPLACE "\n" ";" lines "${symbols}")
set(leaks "")
foreach(line IN LISTS lines)
  if(line MATCHES "^[0-9a-f]* [WVu] (.*)$")
    set(name "${CMAKE_MATCH_1}")
    if(NOT name MATCHES "hypershap_eigen_avx2" AND NOT name STREQUAL "DW.ref.__gxx_personality_v0")
      list(APPEND leaks "${name}")
    endif()
  endif()
endforeach()
if(leaks)
  list(JOIN leaks "\n  " text)
  message(FATAL_ERROR "${OBJECT} defines weak symbols outside the renamed Eigen:\n  ${text}\n"
                      "Keep std templates out of gp_numerics.cpp.")
endif()
execute_process(COMMAND ${OBJDUMP} -h ${OBJECT} OUTPUT_VARIABLE sections)
if(sections MATCHES "\\.init_array|\\.ctors")
  message(FATAL_ERROR "${OBJECT} runs code at start-up (.init_array): no dynamic initialisers "
                      "in gp_numerics.cpp")
endif()
message(STATUS "${OBJECT}: only avx2_variant::table() and renamed Eigen symbols, no start-up code")
