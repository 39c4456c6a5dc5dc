# install() rules and the exported CMake package: `cmake --install` puts the tool in bin/, the Slurm
# scripts in share/hypershap/slurm/ (they call `hypershap` on PATH), the static library and the
# public headers in lib/ and include/, and lib/cmake/hypershap/ lets another project write
#   find_package(hypershap REQUIRED)
#   target_link_libraries(app PRIVATE hypershap::hypershap)
# (tests/install/ checks exactly that against a fresh install).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set_target_properties(hypershap_lib PROPERTIES EXPORT_NAME hypershap)
install(TARGETS hypershap RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS hypershap_lib EXPORT hypershapTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/hypershap
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
file(GLOB hypershap_slurm_scripts ${PROJECT_SOURCE_DIR}/slurm/*.sbatch ${PROJECT_SOURCE_DIR}/slurm/*.sh)
install(PROGRAMS ${hypershap_slurm_scripts} DESTINATION ${CMAKE_INSTALL_DATADIR}/hypershap/slurm)

set(hypershap_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/hypershap)
install(EXPORT hypershapTargets NAMESPACE hypershap:: DESTINATION ${hypershap_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/hypershapConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/hypershapConfig.cmake
                              INSTALL_DESTINATION ${hypershap_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/hypershapConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/hypershapConfig.cmake
              ${PROJECT_BINARY_DIR}/hypershapConfigVersion.cmake
        DESTINATION ${hypershap_cmake_dir})
