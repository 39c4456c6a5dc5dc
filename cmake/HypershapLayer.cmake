# hypershap_layer(NAME SOURCES file... [DEPENDS layer...] [LIBRARIES target...])
# Each folder of src/ is one layer, built as the object library hypershap_<NAME>; the single
# library target hypershap_lib is made of all layers. A layer's tests link only that layer and
# what it depends on, so a layer under construction cannot break another layer's tests.
#
# Layers are declared bottom-up (src/CMakeLists.txt): a layer may depend only on layers declared
# before it, so the dependencies have no cycle and the order of the list is the layer diagram.
# hypershap_check_layer_includes() then checks every #include "hypershap/<layer>/..." of a layer's
# sources and public headers against its DEPENDS.
function(hypershap_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;DEPENDS;LIBRARIES")
  set(target hypershap_${name})
  get_property(declared GLOBAL PROPERTY HYPERSHAP_LAYER_NAMES)
  foreach(dep ${arg_DEPENDS})
    if(NOT dep IN_LIST declared)
      message(FATAL_ERROR "layer '${name}' DEPENDS on '${dep}', which is not a layer below it "
                          "(the layers bottom-up: ${declared}); a layer may use only lower layers")
    endif()
  endforeach()
  set_property(GLOBAL APPEND PROPERTY HYPERSHAP_LAYER_NAMES ${name})
  add_library(${target} OBJECT ${arg_SOURCES})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PRIVATE hypershap_warnings hypershap_sanitizers)
  foreach(dep ${arg_DEPENDS})
    target_link_libraries(${target} PUBLIC hypershap_${dep})
  endforeach()
  if(arg_LIBRARIES)
    target_link_libraries(${target} PUBLIC ${arg_LIBRARIES})
    # what an installed hypershap_lib links in a consumer project (cmake/HypershapInstall.cmake)
    set_property(GLOBAL APPEND PROPERTY HYPERSHAP_LAYER_LIBRARIES ${arg_LIBRARIES})
  endif()
  set_property(GLOBAL APPEND PROPERTY HYPERSHAP_LAYERS ${target})
  set_property(GLOBAL PROPERTY HYPERSHAP_LAYER_DEPENDS_${name} ${arg_DEPENDS})
endfunction()

# hypershap_link_layers(TARGET layer...): links the layers and, because CMake passes object files
# only from directly linked object libraries, every layer they depend on too.
function(hypershap_link_layers target)
  set(pending ${ARGN})
  set(done "")
  while(pending)
    list(POP_FRONT pending layer)
    if(layer IN_LIST done)
      continue()
    endif()
    list(APPEND done ${layer})
    get_property(deps GLOBAL PROPERTY HYPERSHAP_LAYER_DEPENDS_${layer})
    list(APPEND pending ${deps})
  endwhile()
  foreach(layer ${done})
    target_link_libraries(${target} PRIVATE hypershap_${layer})
  endforeach()
endfunction()

# The layers `layer` may use: itself and, transitively, what it DEPENDS on.
function(hypershap_layer_closure layer out)
  set(pending ${layer})
  set(done "")
  while(pending)
    list(POP_FRONT pending current)
    if(current IN_LIST done)
      continue()
    endif()
    list(APPEND done ${current})
    get_property(deps GLOBAL PROPERTY HYPERSHAP_LAYER_DEPENDS_${current})
    list(APPEND pending ${deps})
  endwhile()
  set(${out} ${done} PARENT_SCOPE)
endfunction()

# Fails the configuration when a layer's source or public header includes a header of a layer it
# does not depend on (an upward or sideways include).
function(hypershap_check_layer_includes)
  get_property(layers GLOBAL PROPERTY HYPERSHAP_LAYER_NAMES)
  foreach(layer ${layers})
    hypershap_layer_closure(${layer} allowed)
    file(GLOB_RECURSE files CONFIGURE_DEPENDS
      ${PROJECT_SOURCE_DIR}/src/${layer}/*.cpp ${PROJECT_SOURCE_DIR}/src/${layer}/*.hpp
      ${PROJECT_SOURCE_DIR}/include/hypershap/${layer}/*.hpp)
    foreach(file ${files})
      file(STRINGS ${file} includes REGEX "^#include \"hypershap/[a-z_]+/")
      foreach(line ${includes})
        string(REGEX REPLACE "^#include \"hypershap/([a-z_]+)/.*" "\\1" used "${line}")
        if(NOT used IN_LIST allowed)
          file(RELATIVE_PATH where ${PROJECT_SOURCE_DIR} ${file})
          message(FATAL_ERROR "${where} includes hypershap/${used}/, but layer '${layer}' does not "
                              "depend on '${used}' (it may use: ${allowed}); move the code to the "
                              "right layer or add '${used}' to its DEPENDS if '${used}' is below it")
        endif()
      endforeach()
    endforeach()
  endforeach()
endfunction()
