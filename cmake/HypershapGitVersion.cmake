# Records the git commit the binary is built from, refreshed at every build (not only at configure
# time), so `hypershap --version` and every result store name the exact sources.
set(HYPERSHAP_VERSION_IN ${CMAKE_CURRENT_LIST_DIR}/version.cpp.in)
set(HYPERSHAP_VERSION_OUT ${PROJECT_BINARY_DIR}/generated/version.cpp)
add_custom_target(hypershap_git_version
  COMMAND ${CMAKE_COMMAND}
    -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
    -DINPUT=${HYPERSHAP_VERSION_IN}
    -DOUTPUT=${HYPERSHAP_VERSION_OUT}
    -DVERSION=${PROJECT_VERSION}
    -P ${CMAKE_CURRENT_LIST_DIR}/WriteGitVersion.cmake
  BYPRODUCTS ${HYPERSHAP_VERSION_OUT}
  COMMENT "Recording git revision"
  VERBATIM)
