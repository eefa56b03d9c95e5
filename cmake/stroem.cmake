# stroem_library(name SOURCES ... DEPS ...): one library per src/ folder.
# Its *_test.cc files become one test binary, run by CTest test by test.
function(stroem_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(stroem_${name} STATIC ${ARG_SOURCES})
  target_include_directories(stroem_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(stroem_${name} PUBLIC ${ARG_DEPS})
endfunction()

# stroem_tests(name SOURCES ... DEPS ...): a GoogleTest binary for library `name`.
function(stroem_tests name)
  if(STROEM_FUZZ)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(stroem_${name}_test ${ARG_SOURCES})
  target_link_libraries(stroem_${name}_test PRIVATE stroem_${name} ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  gtest_discover_tests(stroem_${name}_test
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    PROPERTIES ENVIRONMENT "STROEM_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    DISCOVERY_TIMEOUT 30)
endfunction()
