# cmake -DBUILD=<hypershap build dir> -DPREFIX=<empty install prefix> -DCONSUMER=<source>
#       -DWORK=<consumer build dir> -P install_and_build.cmake
# Installs hypershap into PREFIX, checks the installed tree, then configures, builds and runs the
# consumer project against it with nothing but CMAKE_PREFIX_PATH=PREFIX.
file(REMOVE_RECURSE ${PREFIX} ${WORK})

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${what} failed (${code}):\n${out}")
  endif()
  message(STATUS "${what}: ok")
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

run_step("cmake --install" ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX})
foreach(file bin/hypershap lib/libhypershap.a include/hypershap/explain/shapley_interactions.hpp
             include/hypershap/cli/run.hpp lib/cmake/hypershap/hypershapConfig.cmake
             lib/cmake/hypershap/hypershapConfigVersion.cmake
             lib/cmake/hypershap/hypershapTargets.cmake
             share/hypershap/slurm/hypershap-run.sbatch share/hypershap/slurm/submit-array.sh)
  if(NOT EXISTS ${PREFIX}/${file})
    message(FATAL_ERROR "the install has no ${file}")
  endif()
endforeach()
run_step("installed hypershap --version" ${PREFIX}/bin/hypershap --version)
if(NOT step_output MATCHES "^hypershap ")
  message(FATAL_ERROR "installed hypershap --version printed '${step_output}'")
endif()

run_step("configure the consumer" ${CMAKE_COMMAND} -S ${CONSUMER} -B ${WORK}
         -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_BUILD_TYPE=Release)
run_step("build the consumer" ${CMAKE_COMMAND} --build ${WORK})
run_step("run the consumer" ${WORK}/consumer)
message(STATUS "${step_output}")
