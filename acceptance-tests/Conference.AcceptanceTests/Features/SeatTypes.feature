@management
Feature: Seat types
  In order to sell seats for my conference
  As a business customer
  I want to define its seat types with their prices and quotas, and change them as sales go

  Background:
    Given a business customer has created the conference "Seat types summit" with slug "seats"

  Scenario: A seat type is created
    Given the conference has a seat type "General admission" priced at 199 with a quota of 100
    Then the seat type "General admission" is priced at 199.00
    And the seat type "General admission" has a quota of 100

  Scenario: Several seat types are defined at once
    Given the conference has these seat types:
      | Name                      | Price | Quota |
      | General admission         | 199   | 100   |
      | CQRS Workshop             | 500   | 100   |
      | Additional cocktail party | 50    | 100   |
    Then the seat type "CQRS Workshop" is priced at 500.00
    And the seat type "Additional cocktail party" has a quota of 100

  Scenario: The quota of a seat type goes up and down
    Given the conference has a seat type "General admission" priced at 199 with a quota of 100
    When the business customer changes the quota of "General admission" to 150
    Then the seat type "General admission" has a quota of 150
    When the business customer changes the quota of "General admission" to 80
    Then the seat type "General admission" has a quota of 80

  Scenario: A seat type is deleted before the conference is ever published
    Given the conference has a seat type "General admission" priced at 199 with a quota of 100
    And the conference has a seat type "CQRS Workshop" priced at 500 with a quota of 20
    When the business customer deletes the seat type "CQRS Workshop"
    Then the seat type "CQRS Workshop" is no longer listed
    And the seat type "General admission" has a quota of 100

  Scenario: Seat types cannot be deleted once the conference has been published
    Given the conference has a seat type "General admission" priced at 199 with a quota of 100
    When the business customer publishes the conference
    And the business customer unpublishes the conference
    Then the seat type "General admission" cannot be deleted

  Scenario: A seat type with a negative price is refused
    When the business customer adds a seat type "Free lunch" priced at -5 with a quota of 10
    Then the form says "The price must be between 0 and 50000."
