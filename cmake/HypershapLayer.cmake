# hypershap_layer(NAME SOURCES file... [DEPENDS layer...] [LIBRARIES target...])
# Each folder of src/ is one layer, built as the object library hypershap_<NAME>; the single
# library target hypershap_lib is made of all layers. A layer's tests link only that layer and
# what it depends on, so a layer under construction cannot break another layer's tests.
function(hypershap_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;DEPENDS;LIBRARIES")
  set(target hypershap_${name})
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
